-- Duplicate groups of a catalog ($1) with their members, best first, groups largest first, each with why the
-- best image is kept rather than it.
SELECT g.id, i.path, m.distance, m.exact_copy, i.id = g.best_image_id AS best, count(*) OVER (PARTITION BY g.id) AS size, m.best_reason
FROM lumina.duplicate_groups g
JOIN lumina.duplicate_members m ON m.group_id = g.id
JOIN lumina.images i ON i.id = m.image_id
WHERE g.catalog_id = $1
ORDER BY size DESC, g.id, best DESC, m.distance, i.path;
