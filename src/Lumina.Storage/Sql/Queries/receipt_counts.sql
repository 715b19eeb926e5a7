-- Receipts of a catalog ($1) by status.
SELECT status, count(*) FROM lumina.blob_receipts WHERE catalog_id = $1 GROUP BY status ORDER BY status;
