-- Which derived files ($3) of content $2 (SHA-256) no image of a catalog ($1) can use: no image holds that
-- content (derived files are named by it) and no writer is writing them (a registration older than a day
-- is of a writer that died). Run after derived_lock, in its transaction.
SELECT n FROM unnest($3::text[]) AS n
WHERE NOT EXISTS (SELECT 1 FROM lumina.images i WHERE i.catalog_id = $1 AND i.sha256 = $2)
  AND NOT EXISTS (SELECT 1 FROM lumina.derived_writes w
                  WHERE w.catalog_id = $1 AND w.name = n AND w.started_at > now() - interval '1 day');
