-- When each catalog-wide phase of a catalog ($1) last ran, and how many present images changed since.
SELECT p.phase, p.version, p.completed_at,
       (SELECT count(*) FROM lumina.images i
         WHERE i.catalog_id = $1 AND i.removed_at IS NULL AND i.updated_at > p.completed_at) AS changed_since
FROM lumina.catalog_phases p
WHERE p.catalog_id = $1
ORDER BY p.phase;
