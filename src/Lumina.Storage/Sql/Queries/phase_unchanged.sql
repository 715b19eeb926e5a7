-- When a catalog's ($1) phase ($2) last ran at version $3 with parameters $4 over inputs whose fingerprint
-- is $5, records that its results are current as of $6 and returns when it last completed; else no row.
WITH last AS (
    SELECT catalog_id, phase, completed_at FROM lumina.catalog_phases
    WHERE catalog_id = $1 AND phase = $2 AND version = $3 AND parameters = $4 AND inputs = $5
    FOR UPDATE
)
UPDATE lumina.catalog_phases p SET completed_at = greatest(p.completed_at, $6)
FROM last
WHERE p.catalog_id = last.catalog_id AND p.phase = last.phase
RETURNING last.completed_at;
