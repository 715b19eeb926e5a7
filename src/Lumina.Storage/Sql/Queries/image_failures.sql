-- Present images whose last analysis failed, in path order ($2: how many at most).
SELECT path, error FROM lumina.images
WHERE catalog_id = $1 AND removed_at IS NULL AND error IS NOT NULL
ORDER BY path
LIMIT $2;
