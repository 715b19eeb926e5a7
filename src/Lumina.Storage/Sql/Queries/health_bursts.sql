-- Bursts of a catalog ($1) with their frames in order, longest bursts first; the best frame carries why it was chosen.
SELECT b.id, i.path, m.position, i.id = b.best_image_id AS best, b.camera, b.started_at, count(*) OVER (PARTITION BY b.id) AS size,
       CASE WHEN i.id = b.best_image_id THEN b.best_reason END
FROM lumina.bursts b
JOIN lumina.burst_members m ON m.burst_id = b.id
JOIN lumina.images i ON i.id = m.image_id
WHERE b.catalog_id = $1
ORDER BY size DESC, b.started_at, b.id, m.position;
