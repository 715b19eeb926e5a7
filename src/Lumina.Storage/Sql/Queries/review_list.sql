-- A page of a catalog's ($1) duplicate groups or bursts ($2 the kind) in id order after id $3 (null: from the
-- first), at most $4; only the undecided ones when $5. Each with its members and whether it is decided.
SELECT g.group_id, g.decided
FROM (
    SELECT r.group_id, lumina.is_decided(r.catalog_id, r.kind, lumina.group_members(r.kind, r.group_id)) AS decided
    FROM lumina.review_groups r
    WHERE r.catalog_id = $1 AND r.kind = $2 AND ($3::bigint IS NULL OR r.group_id > $3::bigint)
    ORDER BY r.group_id
) g
WHERE NOT ($5 AND g.decided)
LIMIT $4;
