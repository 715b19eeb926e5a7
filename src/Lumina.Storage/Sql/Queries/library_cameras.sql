-- The cameras of a catalog's ($1) present images ('Make Model'), with how many images each, most first.
SELECT concat_ws(' ', make, model) AS camera, count(*)
FROM lumina.images
WHERE catalog_id = $1 AND removed_at IS NULL AND (make IS NOT NULL OR model IS NOT NULL)
GROUP BY 1
ORDER BY 2 DESC, 1;
