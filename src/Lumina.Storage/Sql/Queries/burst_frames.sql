-- The frames of burst $2 of catalog $1 in time order, with the standing decision on each (made for exactly these
-- frames) and the choice it came from.
SELECT i.id, i.path, i.thumbnail_ref, i.preview_ref, i.selected_date, i.date_subseconds, i.width, i.height, i.quality_score,
       (i.quality ->> 'sharpness')::double precision, b.best_image_id = i.id, d.decision, d.choice,
       b.camera, b.started_at, b.ended_at, b.best_reason
FROM lumina.bursts b
JOIN lumina.burst_members m ON m.burst_id = b.id
JOIN lumina.images i ON i.id = m.image_id
LEFT JOIN lumina.review_decisions d ON d.catalog_id = b.catalog_id AND d.kind = 'bursts' AND d.image_id = i.id
     AND d.ended_at IS NULL AND d.members = lumina.group_members('bursts', b.id)
WHERE b.catalog_id = $1 AND b.id = $2
ORDER BY m.position;
