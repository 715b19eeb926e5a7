-- The writer ($2) of a catalog ($1) saved the images that reference the files it wrote; registrations
-- older than a day are of writers that died.
DELETE FROM lumina.derived_writes
WHERE catalog_id = $1 AND (writer = $2 OR started_at < now() - interval '1 day');
