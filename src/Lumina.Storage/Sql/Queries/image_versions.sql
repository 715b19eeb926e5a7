-- The present images of a catalog ($1) at paths ($2): the version (ETag) each was analyzed from, its
-- content hash, its error, and its derived files.
SELECT path, etag, sha256, error, thumbnail_ref, preview_ref
FROM lumina.images
WHERE catalog_id = $1 AND path = ANY ($2) AND removed_at IS NULL;
