-- Blob versions of a catalog ($1) whose claim expired before their ingest was scheduled (the claiming
-- host stopped), oldest first.
SELECT blob_name, etag FROM lumina.blob_receipts
WHERE catalog_id = $1 AND status = 'claimed' AND claimed_until < now()
ORDER BY created_at, blob_name;
