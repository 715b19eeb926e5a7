-- A writer ($2) of a catalog ($1) is about to write derived files ($3) that no image references yet.
-- Shares the catalog's derived-files lock with other writers; waits while a cleanup holds it.
WITH locked AS (SELECT pg_advisory_xact_lock_shared(hashtextextended('lumina.derived.' || $1::text, 0)))
INSERT INTO lumina.derived_writes (catalog_id, writer, name)
SELECT $1, $2, n FROM locked, unnest($3::text[]) AS n
ON CONFLICT DO NOTHING;
