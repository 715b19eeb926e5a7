-- Receipts of a catalog ($1) not settled yet, oldest first, with why each waits: 'retrying' (waits for its
-- next try), 'stopped' (claimed by a host that stopped before scheduling its ingest), 'overdue' (its retry
-- or its analysis is more than $2 seconds late: no host is running its ingest), or 'processing'.
SELECT blob_name, etag, status, attempts, last_error, next_try_at, created_at,
       CASE
           WHEN status = 'claimed' AND claimed_until < now() THEN 'stopped'
           WHEN status = 'retrying' AND next_try_at < now() - make_interval(secs => $2) THEN 'overdue'
           WHEN status = 'processing' AND updated_at < now() - make_interval(secs => $2) THEN 'overdue'
           WHEN status = 'retrying' THEN 'retrying'
           ELSE 'processing'
       END
FROM lumina.blob_receipts
WHERE catalog_id = $1 AND status IN ('claimed', 'processing', 'retrying')
ORDER BY created_at, blob_name;
