-- Claims blob versions ($2 names, $3 ETags) of a catalog ($1) for processing; returns the ones this caller
-- claimed (a version another host claimed first is not returned).
INSERT INTO lumina.blob_receipts (catalog_id, blob_name, etag, status)
SELECT $1, b.name, b.etag, 'processing' FROM unnest($2::text[], $3::text[]) AS b(name, etag)
ON CONFLICT DO NOTHING
RETURNING blob_name, etag;
