-- The present images of catalog $1 that a standing, applied decision rejects and none keeps, in path order.
WITH groups AS (
    SELECT r.kind, r.group_id, lumina.group_members(r.kind, r.group_id) AS members
    FROM lumina.review_groups r
    WHERE r.catalog_id = $1
), applied AS (
    SELECT d.image_id, d.decision
    FROM groups g
    JOIN lumina.review_decisions d ON d.catalog_id = $1 AND d.kind = g.kind AND d.members = g.members AND d.ended_at IS NULL
)
SELECT i.id, i.path, i.file_size
FROM lumina.images i
WHERE i.catalog_id = $1 AND i.removed_at IS NULL
  AND i.id IN (SELECT image_id FROM applied WHERE decision = 'reject')
  AND i.id NOT IN (SELECT image_id FROM applied WHERE decision = 'keep')
ORDER BY i.path;
