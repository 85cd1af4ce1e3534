-- Core platform schema (PostgreSQL): users, auth tokens, projects, tasks.
-- Every constraint is named so the storage layer can map violations to client errors.

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT        NOT NULL,
    email         TEXT        NOT NULL DEFAULT '',
    password_hash TEXT        NOT NULL,
    is_active     BOOLEAN     NOT NULL DEFAULT TRUE,
    is_admin      BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE auth_tokens (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT        NOT NULL CONSTRAINT auth_tokens_kind_check CHECK (kind IN ('session', 'api')),
    key_hash     TEXT        NOT NULL CONSTRAINT auth_tokens_key_hash_key UNIQUE,
    prefix       TEXT        NOT NULL,
    name         TEXT        NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ NULL,
    expires_at   TIMESTAMPTZ NULL
);
CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id, kind);

CREATE TABLE projects (
    id          BIGSERIAL PRIMARY KEY,
    owner_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT projects_owner_name_key UNIQUE (owner_id, name)
);

CREATE TABLE tasks (
    id                   BIGSERIAL PRIMARY KEY,
    project_id           BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind                 TEXT        NOT NULL,
    queue                TEXT        NOT NULL CONSTRAINT tasks_queue_check CHECK (queue IN ('celery', 'gpu')),
    object_type          TEXT        NULL,
    object_id            BIGINT      NULL,
    args                 JSONB       NOT NULL,
    status               TEXT        NOT NULL CONSTRAINT tasks_status_check
                             CHECK (status IN ('pending', 'started', 'success', 'failure', 'cancelled')),
    progress_current     BIGINT      NOT NULL DEFAULT 0,
    progress_total       BIGINT      NULL,
    progress_description TEXT        NOT NULL DEFAULT '',
    errors               JSONB       NOT NULL,
    result               JSONB       NULL,
    attempts             INTEGER     NOT NULL DEFAULT 0,
    max_attempts         INTEGER     NOT NULL,
    worker_name          TEXT        NULL,
    cancel_requested     BOOLEAN     NOT NULL DEFAULT FALSE,
    version              BIGINT      NOT NULL DEFAULT 0,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    started_at           TIMESTAMPTZ NULL,
    finished_at          TIMESTAMPTZ NULL,
    heartbeat_at         TIMESTAMPTZ NULL,
    lease_expires_at     TIMESTAMPTZ NULL
);
CREATE INDEX tasks_claim_idx ON tasks (queue, status, id);
CREATE INDEX tasks_project_idx ON tasks (project_id, id);
CREATE INDEX tasks_object_idx ON tasks (object_type, object_id);
CREATE INDEX tasks_updated_idx ON tasks (updated_at);
