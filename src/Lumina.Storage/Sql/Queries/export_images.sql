-- One row per image of a catalog ($1), in path order, for `lumina export`.
SELECT i.path, i.selected_date, i.date_subseconds, i.date_offset, i.date_source, i.make, i.model, i.lens,
       i.iso, i.f_number, i.exposure_time, i.focal_length, i.gps_lat, i.gps_lon, i.gps_alt,
       i.format, i.file_size, i.width, i.height, i.orientation,
       i.ahash, i.dhash, i.phash, i.whash, i.sha256, i.quality_score, i.quality,
       i.thumbnail_ref, i.preview_ref, i.error, i.warnings, i.removed_at IS NOT NULL AS removed
FROM lumina.images i
WHERE i.catalog_id = $1
ORDER BY i.path;
