-- What burst detection reads: present images of a catalog ($1) with an EXIF capture time and a camera.
-- Copies of one frame (members of a duplicate group with the same capture time) count once, as the
-- group's best image or else its lowest id: a JPEG and its PNG export are not a burst. A RAW+JPEG pair is
-- one shot: its RAW stands for it. The columns from width on are what choosing the best frame reads,
-- as duplicate_candidates reads them.
WITH copies AS (
    SELECT m.image_id,
           row_number() OVER (PARTITION BY m.group_id, i.selected_date ORDER BY m.image_id = g.best_image_id DESC, m.image_id) AS rank
    FROM lumina.duplicate_groups g
    JOIN lumina.duplicate_members m ON m.group_id = g.id
    JOIN lumina.images i ON i.id = m.image_id
    WHERE g.catalog_id = $1 AND i.removed_at IS NULL
)
SELECT i.id, concat_ws('|', i.make, i.model, i.camera_serial), i.selected_date, i.geohash, i.burst_uuid, i.sequence_number,
       i.width, i.height, i.format, i.file_size, i.jpeg_quality, i.colourfulness,
       i.make IS NOT NULL AND i.model IS NOT NULL AND i.date_source = 'DateTimeOriginal', i.camera_thumbnail_difference,
       i.quality_score, (i.quality ->> 'sharpness')::double precision
FROM lumina.images i
LEFT JOIN copies c ON c.image_id = i.id AND c.rank > 1
WHERE i.catalog_id = $1 AND i.removed_at IS NULL
  AND i.date_source IN ('DateTimeOriginal', 'DateTimeDigitized', 'DateTime')
  AND (i.make IS NOT NULL OR i.model IS NOT NULL)
  AND c.image_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM lumina.raw_pairs p WHERE p.companion_image_id = i.id);
