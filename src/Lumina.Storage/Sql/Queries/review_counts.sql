-- How many duplicate groups or bursts ($2) a catalog ($1) has, and how many of them nobody decided yet.
SELECT count(*), count(*) FILTER (WHERE NOT lumina.is_decided(r.catalog_id, r.kind, lumina.group_members(r.kind, r.group_id)))
FROM lumina.review_groups r
WHERE r.catalog_id = $1 AND r.kind = $2;
