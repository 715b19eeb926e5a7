-- Present images of a catalog ($1) whose last analysis failed, in path order.
SELECT path, error, failed_attempts, error_at
FROM lumina.images
WHERE catalog_id = $1 AND removed_at IS NULL AND error IS NOT NULL
ORDER BY path;
