-- Generators (sqlite): networks (pretrained, fine-tuned, imported, or agents optimized by
-- reinforcement learning) and the environments that score molecules for them.

CREATE TABLE generator_networks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id  INTEGER      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    kind        TEXT        NOT NULL CONSTRAINT generator_networks_kind_check
                    CHECK (kind IN ('pretrained', 'finetuned', 'imported', 'agent')),
    spec        TEXT       NOT NULL,
    task_id     INTEGER      NULL REFERENCES tasks (id) ON DELETE SET NULL,
    -- The model configuration (format, architecture, vocabulary) once built; the weights are
    -- a safetensors file in the file store.
    config      TEXT       NULL,
    file_key    TEXT        NULL,
    -- Per-epoch reports, written while training runs.
    metrics     TEXT       NULL,
    summary     TEXT       NULL,
    built_at    TEXT        NULL,
    created_at  TEXT        NOT NULL,
    updated_at  TEXT        NOT NULL,
    CONSTRAINT generator_networks_project_name_key UNIQUE (project_id, name)
);
CREATE INDEX generator_networks_project_idx ON generator_networks (project_id, id);

CREATE TABLE generator_environments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id  INTEGER      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    spec        TEXT       NOT NULL,
    created_at  TEXT        NOT NULL,
    updated_at  TEXT        NOT NULL,
    CONSTRAINT generator_environments_project_name_key UNIQUE (project_id, name)
);
CREATE INDEX generator_environments_project_idx ON generator_environments (project_id, id);
