-- Records that a catalog-wide phase ($2) of a catalog ($1) ran at version $3 with parameters $4 over the
-- catalog as it was at $5, whose inputs had the fingerprint $6.
INSERT INTO lumina.catalog_phases (catalog_id, phase, version, parameters, completed_at, inputs)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (catalog_id, phase) DO UPDATE
SET version = excluded.version, parameters = excluded.parameters, completed_at = excluded.completed_at, inputs = excluded.inputs;
