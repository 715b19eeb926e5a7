-- Deletes up to $2 removed images of a catalog ($1) after id $3, lowest ids first, with their steps, group and
-- burst memberships, embeddings and tags (by cascade). Returns how many images, the last id deleted ($3 when
-- none), and the duplicate groups and bursts that lost a member (purge_groups looks at those only). Starting
-- after the last chunk keeps each chunk's scan short however many images the catalog holds.
WITH chosen AS (
    SELECT id FROM lumina.images
    WHERE catalog_id = $1 AND removed_at IS NOT NULL AND id > $3
    ORDER BY id
    LIMIT $2
    FOR UPDATE
), groups AS (
    SELECT DISTINCT m.group_id FROM lumina.duplicate_members m JOIN chosen c ON c.id = m.image_id
), bursts AS (
    SELECT DISTINCT m.burst_id FROM lumina.burst_members m JOIN chosen c ON c.id = m.image_id
), purged AS (
    DELETE FROM lumina.images i USING chosen WHERE i.id = chosen.id
    RETURNING i.id
)
SELECT (SELECT count(*)::int FROM purged), (SELECT coalesce(max(id), $3) FROM purged),
       ARRAY(SELECT group_id FROM groups), ARRAY(SELECT burst_id FROM bursts);
