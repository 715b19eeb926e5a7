-- The formats of a catalog's ($1) present images, with how many images each, most first.
SELECT format, count(*)
FROM lumina.images
WHERE catalog_id = $1 AND removed_at IS NULL AND format IS NOT NULL
GROUP BY 1
ORDER BY 2 DESC, 1;
