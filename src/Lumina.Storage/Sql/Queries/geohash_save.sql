-- Stores geohashes ($2, null without GPS) of images ($1) and flags the images with GPS at version $3
-- (the step does not apply to the others). Rows whose geohash is unchanged are not rewritten, and
-- updated_at stays: a geohash is derived metadata, not a change of the image.
WITH computed AS (
    SELECT * FROM unnest($1::bigint[], $2::text[]) AS u(id, geohash)
), saved AS (
    UPDATE lumina.images i SET geohash = c.geohash
    FROM computed c
    WHERE i.id = c.id AND i.geohash IS DISTINCT FROM c.geohash
)
INSERT INTO lumina.image_steps (image_id, step, version)
SELECT id, 'geohash', $3 FROM computed WHERE geohash IS NOT NULL
ON CONFLICT (image_id, step) DO UPDATE SET version = excluded.version, done_at = now();
