-- Inserts a catalog's ($1) duplicate groups: ids ($2) from the groups' sequence, best images ($3),
-- threshold ($4); members as parallel arrays: group ids ($5), image ids ($6), distances ($7), exact copies ($8).
WITH groups AS (
    INSERT INTO lumina.duplicate_groups (id, catalog_id, best_image_id, threshold) OVERRIDING SYSTEM VALUE
    SELECT g.id, $1, g.best, $4 FROM unnest($2::bigint[], $3::bigint[]) AS g(id, best)
    RETURNING id)
INSERT INTO lumina.duplicate_members (group_id, image_id, distance, exact_copy)
SELECT m.group_id, m.image_id, m.distance, m.exact
FROM unnest($5::bigint[], $6::bigint[], $7::int[], $8::boolean[]) AS m(group_id, image_id, distance, exact)
WHERE m.group_id IN (SELECT id FROM groups);
