-- A molecule's page lists the same structure in the project's other sets: look it up by
-- InChIKey within the project without scanning the project's molecules.
CREATE INDEX molecules_project_inchikey_idx ON molecules (project_id, inchikey);
