-- Marks removed the images of a catalog ($1) at paths ($2) whose originals were seen gone, only while
-- each still holds the version (ETag $3) it had when that was seen: an image analyzed again since (its
-- blob uploaded anew) stays present. Returns how many were marked.
WITH marked AS (
    UPDATE lumina.images i SET removed_at = now(), updated_at = now()
    FROM unnest($2::text[], $3::text[]) AS g(path, etag)
    WHERE i.catalog_id = $1 AND i.path = g.path AND i.etag IS NOT DISTINCT FROM g.etag AND i.removed_at IS NULL
    RETURNING 1)
SELECT count(*)::int FROM marked;
