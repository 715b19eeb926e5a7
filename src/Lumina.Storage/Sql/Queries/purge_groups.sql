-- After removed images of a catalog ($1) were deleted (purge_removed, same transaction): drops those of the
-- duplicate groups ($2) and bursts ($3) that lost a member and are left without their best image or with fewer
-- than two members. Only detection that has not run since the images were removed leaves such groups, and its
-- inputs (the present images) changed since, so the next detection groups the rest again.
WITH groups AS (
    DELETE FROM lumina.duplicate_groups g
    WHERE g.catalog_id = $1 AND g.id = ANY ($2)
      AND (NOT EXISTS (SELECT 1 FROM lumina.images i WHERE i.id = g.best_image_id)
           OR (SELECT count(*) FROM lumina.duplicate_members m WHERE m.group_id = g.id) < 2)
    RETURNING 1
), bursts AS (
    DELETE FROM lumina.bursts b
    WHERE b.catalog_id = $1 AND b.id = ANY ($3)
      AND (NOT EXISTS (SELECT 1 FROM lumina.images i WHERE i.id = b.best_image_id)
           OR (SELECT count(*) FROM lumina.burst_members m WHERE m.burst_id = b.id) < 2)
    RETURNING 1
)
SELECT (SELECT count(*) FROM groups)::int, (SELECT count(*) FROM bursts)::int;
