-- What burst detection reads: present images of a catalog ($1) with an EXIF capture time and a camera.
-- Copies of one frame (members of a duplicate group with the same capture time) count once, as the
-- group's best image or else its lowest id: a JPEG and its PNG export are not a burst.
SELECT i.id, concat_ws('|', i.make, i.model, i.camera_serial), i.selected_date, i.geohash, i.burst_uuid, i.sequence_number, i.quality_score
FROM lumina.images i
WHERE i.catalog_id = $1 AND i.removed_at IS NULL
  AND i.date_source IN ('DateTimeOriginal', 'DateTimeDigitized', 'DateTime')
  AND (i.make IS NOT NULL OR i.model IS NOT NULL)
  AND NOT EXISTS (
      SELECT 1
      FROM lumina.duplicate_members m
      JOIN lumina.duplicate_groups g ON g.id = m.group_id
      JOIN lumina.duplicate_members o ON o.group_id = m.group_id AND o.image_id <> m.image_id
      JOIN lumina.images oi ON oi.id = o.image_id
      WHERE m.image_id = i.id AND oi.selected_date = i.selected_date AND oi.removed_at IS NULL
        AND (o.image_id = g.best_image_id OR (i.id <> g.best_image_id AND o.image_id < i.id)));
