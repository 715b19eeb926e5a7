-- The members of duplicate group $2 of catalog $1 for the review, suggested keeper first, with the standing decision on each
-- (the one made for exactly these members).
SELECT i.id, i.path, i.thumbnail_ref, i.preview_ref, i.width, i.height, i.file_size, i.format, i.jpeg_quality,
       i.make IS NOT NULL AND i.model IS NOT NULL AND i.date_source = 'DateTimeOriginal', i.selected_date, i.date_subseconds,
       m.distance, m.exact_copy, g.best_image_id = i.id, m.best_reason, d.decision
FROM lumina.duplicate_groups g
JOIN lumina.duplicate_members m ON m.group_id = g.id
JOIN lumina.images i ON i.id = m.image_id
LEFT JOIN lumina.review_decisions d ON d.catalog_id = g.catalog_id AND d.kind = 'duplicates' AND d.image_id = i.id
     AND d.ended_at IS NULL AND d.members = lumina.group_members('duplicates', g.id)
WHERE g.catalog_id = $1 AND g.id = $2
ORDER BY g.best_image_id = i.id DESC, m.distance, i.id;
