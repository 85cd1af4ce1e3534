-- A task's title as a person reads it ("Import 5-HT4 ligands"), set when it is submitted.
ALTER TABLE tasks ADD COLUMN title TEXT NOT NULL DEFAULT '';
