-- Deletes up to $2 removed images of a catalog ($1), lowest ids first, with their steps, group and burst
-- memberships, embeddings and tags (by cascade). Returns how many images.
WITH chosen AS (
    SELECT id FROM lumina.images
    WHERE catalog_id = $1 AND removed_at IS NOT NULL
    ORDER BY id
    LIMIT $2
    FOR UPDATE
), purged AS (
    DELETE FROM lumina.images i USING chosen WHERE i.id = chosen.id
    RETURNING 1
)
SELECT count(*)::int FROM purged;
