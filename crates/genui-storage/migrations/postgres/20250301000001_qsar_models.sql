-- QSAR models (PostgreSQL): what to build (spec), the build task, the model file in the
-- file store and the validation results.

CREATE TABLE qsar_models (
    id          BIGSERIAL PRIMARY KEY,
    project_id  BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    spec        JSONB       NOT NULL,
    task_id     BIGINT      NULL REFERENCES tasks (id) ON DELETE SET NULL,
    file_key    TEXT        NULL,
    performance JSONB       NULL,
    built_at    TIMESTAMPTZ        NULL,
    created_at  TIMESTAMPTZ        NOT NULL,
    updated_at  TIMESTAMPTZ        NOT NULL,
    CONSTRAINT qsar_models_project_name_key UNIQUE (project_id, name)
);
CREATE INDEX qsar_models_project_idx ON qsar_models (project_id, id);

-- Predictions are activity sets made by a model; each predicted value has an
-- applicability-domain score (highest Tanimoto similarity to the training set).
ALTER TABLE activity_sets ADD COLUMN qsar_model_id BIGINT NULL REFERENCES qsar_models (id) ON DELETE CASCADE;
ALTER TABLE activities ADD COLUMN applicability DOUBLE PRECISION NULL;
CREATE INDEX activity_sets_qsar_model_idx ON activity_sets (qsar_model_id);
