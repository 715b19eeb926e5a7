-- Records processing flags at their current versions ($2: {"step": version}) for present images of a
-- catalog ($1) that hold a step's data but have no flag for it. Returns how many flags per step.
WITH present AS (
    SELECT i.id, i.exif IS NOT NULL AS exif, i.thumbnail_ref IS NOT NULL AS thumbnail, i.preview_ref IS NOT NULL AS preview,
           i.dhash IS NOT NULL AS hashes, i.quality_score IS NOT NULL AS quality, i.geohash IS NOT NULL AS geohash,
           EXISTS (SELECT 1 FROM lumina.embeddings e WHERE e.image_id = i.id) AS clip,
           EXISTS (SELECT 1 FROM lumina.tags t WHERE t.image_id = i.id AND t.source = 'auto') AS tags
    FROM lumina.images i
    WHERE i.catalog_id = $1 AND i.removed_at IS NULL
), held AS (
    SELECT p.id, s.step
    FROM present p
    CROSS JOIN LATERAL (VALUES ('exif', p.exif), ('thumbnail', p.thumbnail), ('preview', p.preview), ('hashes', p.hashes),
                               ('quality', p.quality), ('geohash', p.geohash), ('clip', p.clip), ('tags', p.tags)) AS s(step, has)
    WHERE s.has
), added AS (
    INSERT INTO lumina.image_steps (image_id, step, version)
    SELECT h.id, h.step, ($2 ->> h.step)::int
    FROM held h
    WHERE $2 ? h.step
      AND NOT EXISTS (SELECT 1 FROM lumina.image_steps s WHERE s.image_id = h.id AND s.step = h.step)
    RETURNING step)
SELECT step, count(*) FROM added GROUP BY step ORDER BY step;
