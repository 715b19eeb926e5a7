-- Blob versions of a catalog ($1) that failed every attempt, newest first.
SELECT blob_name, etag, attempts, last_error, updated_at
FROM lumina.blob_receipts
WHERE catalog_id = $1 AND status = 'poison'
ORDER BY updated_at DESC, blob_name;
