-- CLIP embeddings of a catalog's ($1) present images made by model $2; only those without a current
-- tags flag (version $3) unless $4 is true.
SELECT e.image_id, e.vector
FROM lumina.embeddings e
JOIN lumina.images i ON i.id = e.image_id
WHERE i.catalog_id = $1 AND i.removed_at IS NULL AND e.model = $2
  AND ($4 OR NOT EXISTS (SELECT 1 FROM lumina.image_steps s WHERE s.image_id = e.image_id AND s.step = 'tags' AND s.version >= $3));
