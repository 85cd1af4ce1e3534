-- QSAR models (SQLite): what to build (spec), the build task, the model file in the
-- file store and the validation results.

CREATE TABLE qsar_models (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id  INTEGER      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    spec        TEXT       NOT NULL,
    task_id     INTEGER      NULL REFERENCES tasks (id) ON DELETE SET NULL,
    file_key    TEXT        NULL,
    performance TEXT       NULL,
    built_at    TEXT        NULL,
    created_at  TEXT        NOT NULL,
    updated_at  TEXT        NOT NULL,
    CONSTRAINT qsar_models_project_name_key UNIQUE (project_id, name)
);
CREATE INDEX qsar_models_project_idx ON qsar_models (project_id, id);

-- Predictions are activity sets made by a model; each predicted value has an
-- applicability-domain score (highest Tanimoto similarity to the training set).
ALTER TABLE activity_sets ADD COLUMN qsar_model_id BIGINT NULL REFERENCES qsar_models (id) ON DELETE CASCADE;
ALTER TABLE activities ADD COLUMN applicability REAL NULL;
CREATE INDEX activity_sets_qsar_model_idx ON activity_sets (qsar_model_id);
