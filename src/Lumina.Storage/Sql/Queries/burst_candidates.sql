-- What burst detection reads: present images of a catalog ($1) with an EXIF capture time and a camera.
SELECT id, concat_ws('|', make, model, camera_serial), selected_date, geohash, burst_uuid, sequence_number, quality_score
FROM lumina.images
WHERE catalog_id = $1 AND removed_at IS NULL
  AND date_source IN ('DateTimeOriginal', 'DateTimeDigitized', 'DateTime')
  AND (make IS NOT NULL OR model IS NOT NULL);
