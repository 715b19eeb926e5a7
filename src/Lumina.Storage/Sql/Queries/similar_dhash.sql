-- The present images of a catalog ($1) whose dHash is nearest image $2's, within $3 bits, at most $4, nearest first.
SELECT i.id, i.path, i.thumbnail_ref, bit_count((i.dhash # s.dhash)::bit(64))::int AS distance
FROM lumina.images s
JOIN lumina.images i ON i.catalog_id = s.catalog_id AND i.id <> s.id AND i.removed_at IS NULL AND i.dhash IS NOT NULL
WHERE s.catalog_id = $1 AND s.id = $2 AND s.dhash IS NOT NULL
  AND bit_count((i.dhash # s.dhash)::bit(64)) <= $3
ORDER BY distance, i.id
LIMIT $4;
