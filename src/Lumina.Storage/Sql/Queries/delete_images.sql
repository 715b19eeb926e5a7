-- Deletes the first $3 images of a catalog ($1) after id $2, by id, with their steps, group and burst memberships,
-- embeddings and tags (by cascade). Returns how many and the last id deleted ($2 when none). Starting after the
-- last chunk, a chunk's scan does not pass over the rows the earlier chunks deleted (and vacuum has not yet reclaimed).
WITH chosen AS (
    SELECT id FROM lumina.images WHERE catalog_id = $1 AND id > $2 ORDER BY id LIMIT $3
), deleted AS (
    DELETE FROM lumina.images i USING chosen c WHERE i.id = c.id
    RETURNING i.id
)
SELECT count(*)::int, coalesce(max(id), $2) FROM deleted;
