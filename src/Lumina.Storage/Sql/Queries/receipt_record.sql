-- Records how processing a blob version ($2 name, $3 ETag) of a catalog ($1) stands: status $4 ('retrying',
-- 'done', 'superseded' or 'poison') after $5 attempts, error $6, next try at $7 (retrying only). A version
-- that was analyzed or failed for good is the blob's latest: it supersedes the poison records of the
-- blob's other versions.
-- Locks: the blob's lumina.blob_receipts rows.
WITH recorded AS (
    UPDATE lumina.blob_receipts
    SET status = $4, attempts = $5, last_error = $6, next_try_at = $7, claimed_until = NULL, updated_at = now()
    WHERE catalog_id = $1 AND blob_name = $2 AND etag = $3
    RETURNING status
)
UPDATE lumina.blob_receipts r
SET status = 'superseded', updated_at = now()
FROM recorded
WHERE recorded.status IN ('done', 'poison')
  AND r.catalog_id = $1 AND r.blob_name = $2 AND r.etag <> $3 AND r.status = 'poison';
