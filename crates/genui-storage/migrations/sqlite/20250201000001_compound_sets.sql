-- Compound sets (SQLite): sets, their molecules (one row per InChIKey and set, with the
-- chemistry core's descriptors as columns so listings sort and filter in SQL, and the
-- fingerprints search uses), activity sets and activities.
-- The descriptor columns are `genui_chem::descriptors::Descriptors::NAMES`, in that order.

CREATE TABLE compound_sets (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id     INTEGER      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name           TEXT        NOT NULL,
    description    TEXT        NOT NULL DEFAULT '',
    source_kind    TEXT        NOT NULL CONSTRAINT compound_sets_source_kind_check
                       CHECK (source_kind IN ('csv', 'sdf', 'chembl', 'chembl_file', 'generated')),
    source         TEXT       NOT NULL,
    file_key       TEXT        NULL,
    task_id        INTEGER      NULL REFERENCES tasks (id) ON DELETE SET NULL,
    revision       INTEGER      NOT NULL DEFAULT 0,
    molecule_count INTEGER      NOT NULL DEFAULT 0,
    report         TEXT       NULL,
    imported_at    TEXT        NULL,
    created_at     TEXT        NOT NULL,
    updated_at     TEXT        NOT NULL,
    CONSTRAINT compound_sets_project_name_key UNIQUE (project_id, name)
);
CREATE INDEX compound_sets_project_idx ON compound_sets (project_id, id);

CREATE TABLE molecules (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    compound_set_id  INTEGER      NOT NULL REFERENCES compound_sets (id) ON DELETE CASCADE,
    project_id       INTEGER      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name             TEXT        NULL,
    smiles           TEXT        NOT NULL,
    inchi            TEXT        NOT NULL,
    inchikey         TEXT        NOT NULL,
    source_positions TEXT        NOT NULL,
    extra            TEXT       NULL,
    fingerprint      BLOB       NOT NULL,
    screen           BLOB       NOT NULL,
    mw                       REAL NOT NULL,
    exact_mw                 REAL NOT NULL,
    logp                     REAL NOT NULL,
    mr                       REAL NOT NULL,
    tpsa                     REAL NOT NULL,
    hbd                      REAL NOT NULL,
    hba                      REAL NOT NULL,
    rotatable_bonds          REAL NOT NULL,
    heavy_atoms              REAL NOT NULL,
    hetero_atoms             REAL NOT NULL,
    formal_charge            REAL NOT NULL,
    rings                    REAL NOT NULL,
    aromatic_rings           REAL NOT NULL,
    aliphatic_rings          REAL NOT NULL,
    saturated_rings          REAL NOT NULL,
    heterocycles             REAL NOT NULL,
    aromatic_heterocycles    REAL NOT NULL,
    aliphatic_heterocycles   REAL NOT NULL,
    saturated_heterocycles   REAL NOT NULL,
    carbocycles              REAL NOT NULL,
    aromatic_carbocycles     REAL NOT NULL,
    aliphatic_carbocycles    REAL NOT NULL,
    saturated_carbocycles    REAL NOT NULL,
    fraction_csp3            REAL NOT NULL,
    spiro_atoms              REAL NOT NULL,
    bridgehead_atoms         REAL NOT NULL,
    amide_bonds              REAL NOT NULL,
    valence_electrons        REAL NOT NULL,
    bertz_ct                 REAL NOT NULL,
    qed                      REAL NOT NULL,
    sa_score                 REAL NOT NULL,
    CONSTRAINT molecules_set_inchikey_key UNIQUE (compound_set_id, inchikey)
);
CREATE INDEX molecules_project_idx ON molecules (project_id, id);

CREATE TABLE activity_sets (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id      INTEGER      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    compound_set_id INTEGER      NOT NULL REFERENCES compound_sets (id) ON DELETE CASCADE,
    name            TEXT        NOT NULL,
    created_at      TEXT        NOT NULL
);
CREATE INDEX activity_sets_project_idx ON activity_sets (project_id, id);
CREATE INDEX activity_sets_compound_set_idx ON activity_sets (compound_set_id);

CREATE TABLE activities (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_set_id INTEGER      NOT NULL REFERENCES activity_sets (id) ON DELETE CASCADE,
    molecule_id     INTEGER      NOT NULL REFERENCES molecules (id) ON DELETE CASCADE,
    type            TEXT        NOT NULL,
    value           REAL      NOT NULL,
    units           TEXT        NULL,
    relation        TEXT        NULL,
    assay_id        TEXT        NULL,
    target_id       TEXT        NULL,
    source_position INTEGER      NULL
);
CREATE INDEX activities_set_type_idx ON activities (activity_set_id, type, molecule_id);
CREATE INDEX activities_molecule_idx ON activities (molecule_id, type);
