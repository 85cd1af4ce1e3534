-- Chemical space maps (SQLite): what to build (spec), the build task, the
-- compound sets a map covers and its points. A point is one distinct molecule
-- (InChIKey) of the covered sets; each of its set members has a row with the
-- point's coordinates, so deleting a compound set removes its memberships.

CREATE TABLE maps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id  BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    spec        TEXT        NOT NULL,
    task_id     BIGINT      NULL REFERENCES tasks (id) ON DELETE SET NULL,
    summary     TEXT        NULL,
    built_at    TEXT        NULL,
    created_at  TEXT        NOT NULL,
    updated_at  TEXT        NOT NULL,
    CONSTRAINT maps_project_name_key UNIQUE (project_id, name)
);
CREATE INDEX maps_project_idx ON maps (project_id, id);

CREATE TABLE map_compound_sets (
    map_id          BIGINT NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
    compound_set_id BIGINT NOT NULL REFERENCES compound_sets (id) ON DELETE CASCADE,
    -- Placed onto the finished map (transform) rather than part of its making.
    placed          BOOLEAN NOT NULL,
    PRIMARY KEY (map_id, compound_set_id)
);
CREATE INDEX map_compound_sets_set_idx ON map_compound_sets (compound_set_id);

CREATE TABLE map_points (
    map_id      BIGINT           NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
    molecule_id BIGINT           NOT NULL REFERENCES molecules (id) ON DELETE CASCADE,
    point       BIGINT           NOT NULL,
    x           REAL             NOT NULL,
    y           REAL             NOT NULL,
    placed      BOOLEAN          NOT NULL,
    PRIMARY KEY (map_id, molecule_id)
);
CREATE INDEX map_points_point_idx ON map_points (map_id, point);
CREATE INDEX map_points_molecule_idx ON map_points (molecule_id);
