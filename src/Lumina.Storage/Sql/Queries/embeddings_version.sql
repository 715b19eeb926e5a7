-- What changes whenever a catalog's ($1) embeddings by model $2 change: their count and newest time.
SELECT count(*) || ':' || coalesce(max(e.created_at)::text, '')
FROM lumina.embeddings e
JOIN lumina.images i ON i.id = e.image_id
WHERE i.catalog_id = $1 AND i.removed_at IS NULL AND e.model = $2;
