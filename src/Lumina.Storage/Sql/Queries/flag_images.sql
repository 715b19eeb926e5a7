-- Flags images ($1) as having done step $2 at version $3.
INSERT INTO lumina.image_steps (image_id, step, version)
SELECT unnest($1::bigint[]), $2, $3
ON CONFLICT (image_id, step) DO UPDATE SET version = excluded.version, done_at = now();
