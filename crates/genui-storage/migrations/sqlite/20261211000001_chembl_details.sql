-- What ChEMBL says of a measurement beyond its value: its comment ("Not Active", "Inconclusive" …),
-- the assay's type (B binding, F functional, A ADMET, T toxicity, P physicochemical, U unassigned)
-- and description, the target's name and organism, and the document that published it.
ALTER TABLE activities ADD COLUMN comment TEXT NULL;
ALTER TABLE activities ADD COLUMN assay_type TEXT NULL;
ALTER TABLE activities ADD COLUMN assay_description TEXT NULL;
ALTER TABLE activities ADD COLUMN target_name TEXT NULL;
ALTER TABLE activities ADD COLUMN target_organism TEXT NULL;
ALTER TABLE activities ADD COLUMN document_id TEXT NULL;
