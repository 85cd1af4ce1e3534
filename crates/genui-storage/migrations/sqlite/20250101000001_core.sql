-- Core platform schema (SQLite): users, auth tokens, projects, tasks.
-- Every constraint is named so the storage layer can map violations to client errors.
-- Timestamps are RFC 3339 UTC text written by the application (never SQL defaults), so they
-- compare correctly as strings; ids are 64-bit INTEGER rowids.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT        NOT NULL,
    email         TEXT        NOT NULL DEFAULT '',
    password_hash TEXT        NOT NULL,
    is_active     INTEGER     NOT NULL DEFAULT 1,
    is_admin      INTEGER     NOT NULL DEFAULT 0,
    created_at    TEXT        NOT NULL,
    updated_at    TEXT        NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE auth_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT        NOT NULL CONSTRAINT auth_tokens_kind_check CHECK (kind IN ('session', 'api')),
    key_hash     TEXT        NOT NULL CONSTRAINT auth_tokens_key_hash_key UNIQUE,
    prefix       TEXT        NOT NULL,
    name         TEXT        NOT NULL DEFAULT '',
    created_at   TEXT        NOT NULL,
    last_used_at TEXT        NULL,
    expires_at   TEXT        NULL
);
CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id, kind);

CREATE TABLE projects (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id    INTEGER     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    created_at  TEXT        NOT NULL,
    updated_at  TEXT        NOT NULL,
    CONSTRAINT projects_owner_name_key UNIQUE (owner_id, name)
);

CREATE TABLE tasks (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id           INTEGER     NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind                 TEXT        NOT NULL,
    queue                TEXT        NOT NULL CONSTRAINT tasks_queue_check CHECK (queue IN ('celery', 'gpu')),
    object_type          TEXT        NULL,
    object_id            INTEGER     NULL,
    args                 TEXT        NOT NULL,
    status               TEXT        NOT NULL CONSTRAINT tasks_status_check
                             CHECK (status IN ('pending', 'started', 'success', 'failure', 'cancelled')),
    progress_current     INTEGER     NOT NULL DEFAULT 0,
    progress_total       INTEGER     NULL,
    progress_description TEXT        NOT NULL DEFAULT '',
    errors               TEXT        NOT NULL,
    result               TEXT        NULL,
    attempts             INTEGER     NOT NULL DEFAULT 0,
    max_attempts         INTEGER     NOT NULL,
    worker_name          TEXT        NULL,
    cancel_requested     INTEGER     NOT NULL DEFAULT 0,
    version              INTEGER     NOT NULL DEFAULT 0,
    created_at           TEXT        NOT NULL,
    updated_at           TEXT        NOT NULL,
    started_at           TEXT        NULL,
    finished_at          TEXT        NULL,
    heartbeat_at         TEXT        NULL,
    lease_expires_at     TEXT        NULL
);
CREATE INDEX tasks_claim_idx ON tasks (queue, status, id);
CREATE INDEX tasks_project_idx ON tasks (project_id, id);
CREATE INDEX tasks_object_idx ON tasks (object_type, object_id);
CREATE INDEX tasks_updated_idx ON tasks (updated_at);
