-- The ingests of claimed blob versions ($2 names, $3 ETags) of a catalog ($1) are scheduled: the claims
-- become 'processing' and no longer expire. A receipt the ingest already finished keeps its status.
UPDATE lumina.blob_receipts r
SET status = 'processing', claimed_until = NULL, updated_at = now()
FROM unnest($2::text[], $3::text[]) AS b(name, etag)
WHERE r.catalog_id = $1 AND r.blob_name = b.name AND r.etag = b.etag AND r.status = 'claimed';
