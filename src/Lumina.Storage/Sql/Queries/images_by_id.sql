-- Path and derived files of images ($2) of a catalog ($1).
SELECT id, path, thumbnail_ref, preview_ref
FROM lumina.images
WHERE catalog_id = $1 AND id = ANY ($2);
