-- Records that a catalog-wide phase ($2) of a catalog ($1) ran at version $3 with parameters $4 over
-- the catalog as it was at $5.
INSERT INTO lumina.catalog_phases (catalog_id, phase, version, parameters, completed_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (catalog_id, phase) DO UPDATE
SET version = excluded.version, parameters = excluded.parameters, completed_at = excluded.completed_at;
