-- Stores geohashes ($2, null without GPS) of images ($1) and flags them at version $3.
-- Leaves updated_at alone: a geohash is derived metadata, not a change of the image.
WITH saved AS (
    UPDATE lumina.images i SET geohash = u.geohash
    FROM unnest($1::bigint[], $2::text[]) AS u(id, geohash)
    WHERE i.id = u.id
    RETURNING i.id)
INSERT INTO lumina.image_steps (image_id, step, version)
SELECT id, 'geohash', $3 FROM saved
ON CONFLICT (image_id, step) DO UPDATE SET version = excluded.version, done_at = now();
