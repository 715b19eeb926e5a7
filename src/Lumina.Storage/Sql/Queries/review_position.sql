-- Where group or burst $3 (kind $2) of catalog $1 stands in id order: its 1-based index, the total, the first,
-- previous, next and last ids, the next one after it that nobody decided yet, its suggested keeper and members.
-- No row when the catalog has no such group.
SELECT (SELECT count(*) FROM lumina.review_groups r WHERE r.catalog_id = $1 AND r.kind = $2 AND r.group_id <= $3),
       (SELECT count(*) FROM lumina.review_groups r WHERE r.catalog_id = $1 AND r.kind = $2),
       (SELECT min(r.group_id) FROM lumina.review_groups r WHERE r.catalog_id = $1 AND r.kind = $2),
       (SELECT max(r.group_id) FROM lumina.review_groups r WHERE r.catalog_id = $1 AND r.kind = $2 AND r.group_id < $3),
       (SELECT min(r.group_id) FROM lumina.review_groups r WHERE r.catalog_id = $1 AND r.kind = $2 AND r.group_id > $3),
       (SELECT max(r.group_id) FROM lumina.review_groups r WHERE r.catalog_id = $1 AND r.kind = $2),
       (SELECT r.group_id FROM lumina.review_groups r
        WHERE r.catalog_id = $1 AND r.kind = $2 AND r.group_id > $3
          AND NOT lumina.is_decided(r.catalog_id, r.kind, lumina.group_members(r.kind, r.group_id))
        ORDER BY r.group_id LIMIT 1),
       g.best_image_id, lumina.group_members($2, $3)
FROM lumina.review_groups g
WHERE g.catalog_id = $1 AND g.kind = $2 AND g.group_id = $3;
