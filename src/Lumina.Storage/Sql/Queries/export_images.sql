-- One row per image of a catalog ($1), in path order, for `lumina export`; only image $2 when it is not null (the HTTP
-- image route); removed images only when $3. The decisions are the standing ones on the image's current group and burst.
SELECT i.path, i.selected_date, i.date_subseconds, i.date_offset, i.date_source, i.make, i.model, i.lens,
       i.iso, i.f_number, i.exposure_time, i.focal_length, i.gps_lat, i.gps_lon, i.gps_alt,
       i.format, i.file_size, i.width, i.height, i.orientation,
       i.ahash, i.dhash, i.phash, i.whash, i.sha256, i.quality_score, i.quality,
       i.thumbnail_ref, i.preview_ref, i.error, i.warnings, i.removed_at IS NOT NULL AS removed,
       i.geohash, dm.group_id, dg.best_image_id = i.id, bm.burst_id, b.best_image_id = i.id,
       (SELECT array_agg(t.tag ORDER BY t.confidence DESC NULLS FIRST, t.tag) FROM lumina.tags t WHERE t.image_id = i.id),
       i.pixels_from, other.path, CASE WHEN pr.raw_image_id IS NOT NULL THEN 'raw' WHEN pc.raw_image_id IS NOT NULL THEN 'companion' END,
       dm.best_reason, CASE WHEN b.best_image_id = i.id THEN b.best_reason END,
       i.id,
       (SELECT d.decision FROM lumina.review_decisions d
        WHERE d.catalog_id = i.catalog_id AND d.kind = 'duplicates' AND d.image_id = i.id AND d.ended_at IS NULL
          AND d.members = lumina.group_members('duplicates', dm.group_id)),
       (SELECT d.decision FROM lumina.review_decisions d
        WHERE d.catalog_id = i.catalog_id AND d.kind = 'bursts' AND d.image_id = i.id AND d.ended_at IS NULL
          AND d.members = lumina.group_members('bursts', bm.burst_id))
FROM lumina.images i
LEFT JOIN lumina.raw_pairs pr ON pr.raw_image_id = i.id
LEFT JOIN lumina.raw_pairs pc ON pc.companion_image_id = i.id
LEFT JOIN lumina.images other ON other.id = coalesce(pr.companion_image_id, pc.raw_image_id)
LEFT JOIN lumina.duplicate_members dm ON dm.image_id = i.id
LEFT JOIN lumina.duplicate_groups dg ON dg.id = dm.group_id
LEFT JOIN lumina.burst_members bm ON bm.image_id = i.id
LEFT JOIN lumina.bursts b ON b.id = bm.burst_id
WHERE i.catalog_id = $1 AND ($2::bigint IS NULL OR i.id = $2) AND ($3 OR i.removed_at IS NULL)
ORDER BY i.path;
