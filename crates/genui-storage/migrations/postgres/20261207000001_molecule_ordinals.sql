-- Each molecule's place in its set (0, 1, 2, … in the order the import wrote them), so that
-- a page of a large set is an index range rather than a skip over every row before it.
ALTER TABLE molecules ADD COLUMN ordinal BIGINT NOT NULL DEFAULT 0;
UPDATE molecules SET ordinal = ranked.ordinal
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY compound_set_id ORDER BY id) - 1 AS ordinal
    FROM molecules
) AS ranked
WHERE molecules.id = ranked.id;
CREATE INDEX molecules_set_ordinal_idx ON molecules (compound_set_id, ordinal);
