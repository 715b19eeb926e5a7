-- Records how processing a blob version ended: status $4 ('done' or 'poison') after $5 attempts, error $6.
UPDATE lumina.blob_receipts
SET status = $4, attempts = $5, last_error = $6, updated_at = now()
WHERE catalog_id = $1 AND blob_name = $2 AND etag = $3;
