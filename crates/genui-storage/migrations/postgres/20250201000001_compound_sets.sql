-- Compound sets (PostgreSQL): sets, their molecules (one row per InChIKey and set, with the
-- chemistry core's descriptors as columns so listings sort and filter in SQL, and the
-- fingerprints search uses), activity sets and activities.
-- The descriptor columns are `genui_chem::descriptors::Descriptors::NAMES`, in that order.

CREATE TABLE compound_sets (
    id             BIGSERIAL PRIMARY KEY,
    project_id     BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name           TEXT        NOT NULL,
    description    TEXT        NOT NULL DEFAULT '',
    source_kind    TEXT        NOT NULL CONSTRAINT compound_sets_source_kind_check
                       CHECK (source_kind IN ('csv', 'sdf', 'chembl', 'chembl_file', 'generated')),
    source         JSONB       NOT NULL,
    file_key       TEXT        NULL,
    task_id        BIGINT      NULL REFERENCES tasks (id) ON DELETE SET NULL,
    revision       BIGINT      NOT NULL DEFAULT 0,
    molecule_count BIGINT      NOT NULL DEFAULT 0,
    report         JSONB       NULL,
    imported_at    TIMESTAMPTZ        NULL,
    created_at     TIMESTAMPTZ        NOT NULL,
    updated_at     TIMESTAMPTZ        NOT NULL,
    CONSTRAINT compound_sets_project_name_key UNIQUE (project_id, name)
);
CREATE INDEX compound_sets_project_idx ON compound_sets (project_id, id);

CREATE TABLE molecules (
    id               BIGSERIAL PRIMARY KEY,
    compound_set_id  BIGINT      NOT NULL REFERENCES compound_sets (id) ON DELETE CASCADE,
    project_id       BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name             TEXT        NULL,
    smiles           TEXT        NOT NULL,
    inchi            TEXT        NOT NULL,
    inchikey         TEXT        NOT NULL,
    source_positions TEXT        NOT NULL,
    extra            JSONB       NULL,
    fingerprint      BYTEA       NOT NULL,
    screen           BYTEA       NOT NULL,
    mw                       DOUBLE PRECISION NOT NULL,
    exact_mw                 DOUBLE PRECISION NOT NULL,
    logp                     DOUBLE PRECISION NOT NULL,
    mr                       DOUBLE PRECISION NOT NULL,
    tpsa                     DOUBLE PRECISION NOT NULL,
    hbd                      DOUBLE PRECISION NOT NULL,
    hba                      DOUBLE PRECISION NOT NULL,
    rotatable_bonds          DOUBLE PRECISION NOT NULL,
    heavy_atoms              DOUBLE PRECISION NOT NULL,
    hetero_atoms             DOUBLE PRECISION NOT NULL,
    formal_charge            DOUBLE PRECISION NOT NULL,
    rings                    DOUBLE PRECISION NOT NULL,
    aromatic_rings           DOUBLE PRECISION NOT NULL,
    aliphatic_rings          DOUBLE PRECISION NOT NULL,
    saturated_rings          DOUBLE PRECISION NOT NULL,
    heterocycles             DOUBLE PRECISION NOT NULL,
    aromatic_heterocycles    DOUBLE PRECISION NOT NULL,
    aliphatic_heterocycles   DOUBLE PRECISION NOT NULL,
    saturated_heterocycles   DOUBLE PRECISION NOT NULL,
    carbocycles              DOUBLE PRECISION NOT NULL,
    aromatic_carbocycles     DOUBLE PRECISION NOT NULL,
    aliphatic_carbocycles    DOUBLE PRECISION NOT NULL,
    saturated_carbocycles    DOUBLE PRECISION NOT NULL,
    fraction_csp3            DOUBLE PRECISION NOT NULL,
    spiro_atoms              DOUBLE PRECISION NOT NULL,
    bridgehead_atoms         DOUBLE PRECISION NOT NULL,
    amide_bonds              DOUBLE PRECISION NOT NULL,
    valence_electrons        DOUBLE PRECISION NOT NULL,
    bertz_ct                 DOUBLE PRECISION NOT NULL,
    qed                      DOUBLE PRECISION NOT NULL,
    sa_score                 DOUBLE PRECISION NOT NULL,
    CONSTRAINT molecules_set_inchikey_key UNIQUE (compound_set_id, inchikey)
);
CREATE INDEX molecules_project_idx ON molecules (project_id, id);

CREATE TABLE activity_sets (
    id              BIGSERIAL PRIMARY KEY,
    project_id      BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    compound_set_id BIGINT      NOT NULL REFERENCES compound_sets (id) ON DELETE CASCADE,
    name            TEXT        NOT NULL,
    created_at      TIMESTAMPTZ        NOT NULL
);
CREATE INDEX activity_sets_project_idx ON activity_sets (project_id, id);
CREATE INDEX activity_sets_compound_set_idx ON activity_sets (compound_set_id);

CREATE TABLE activities (
    id              BIGSERIAL PRIMARY KEY,
    activity_set_id BIGINT      NOT NULL REFERENCES activity_sets (id) ON DELETE CASCADE,
    molecule_id     BIGINT      NOT NULL REFERENCES molecules (id) ON DELETE CASCADE,
    type            TEXT        NOT NULL,
    value           DOUBLE PRECISION      NOT NULL,
    units           TEXT        NULL,
    relation        TEXT        NULL,
    assay_id        TEXT        NULL,
    target_id       TEXT        NULL,
    source_position BIGINT      NULL
);
CREATE INDEX activities_set_type_idx ON activities (activity_set_id, type, molecule_id);
CREATE INDEX activities_molecule_idx ON activities (molecule_id, type);
