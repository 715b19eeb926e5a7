-- Blob versions of a catalog ($1) that need no new processing: every receipt but expired claims (their
-- host stopped before scheduling them), and every image already analyzed from that exact version (same
-- ETag) without an error.
SELECT blob_name, etag FROM lumina.blob_receipts
WHERE catalog_id = $1 AND NOT (status = 'claimed' AND claimed_until < now())
UNION
SELECT path, etag FROM lumina.images WHERE catalog_id = $1 AND etag IS NOT NULL AND error IS NULL AND removed_at IS NULL;
