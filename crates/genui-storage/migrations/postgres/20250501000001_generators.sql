-- Generators (postgres): networks (pretrained, fine-tuned, imported, or agents optimized by
-- reinforcement learning) and the environments that score molecules for them.

CREATE TABLE generator_networks (
    id          BIGSERIAL PRIMARY KEY,
    project_id  BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    kind        TEXT        NOT NULL CONSTRAINT generator_networks_kind_check
                    CHECK (kind IN ('pretrained', 'finetuned', 'imported', 'agent')),
    spec        JSONB       NOT NULL,
    task_id     BIGINT      NULL REFERENCES tasks (id) ON DELETE SET NULL,
    -- The model configuration (format, architecture, vocabulary) once built; the weights are
    -- a safetensors file in the file store.
    config      JSONB       NULL,
    file_key    TEXT        NULL,
    -- Per-epoch reports, written while training runs.
    metrics     JSONB       NULL,
    summary     JSONB       NULL,
    built_at    TIMESTAMPTZ        NULL,
    created_at  TIMESTAMPTZ        NOT NULL,
    updated_at  TIMESTAMPTZ        NOT NULL,
    CONSTRAINT generator_networks_project_name_key UNIQUE (project_id, name)
);
CREATE INDEX generator_networks_project_idx ON generator_networks (project_id, id);

CREATE TABLE generator_environments (
    id          BIGSERIAL PRIMARY KEY,
    project_id  BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    spec        JSONB       NOT NULL,
    created_at  TIMESTAMPTZ        NOT NULL,
    updated_at  TIMESTAMPTZ        NOT NULL,
    CONSTRAINT generator_environments_project_name_key UNIQUE (project_id, name)
);
CREATE INDEX generator_environments_project_idx ON generator_environments (project_id, id);
