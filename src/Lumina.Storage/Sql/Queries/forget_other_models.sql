-- Drops the clip flags of a catalog's ($1) images whose embedding was made by a model other than $2.
DELETE FROM lumina.image_steps s
USING lumina.embeddings e, lumina.images i
WHERE s.image_id = e.image_id AND s.step = 'clip' AND e.image_id = i.id AND i.catalog_id = $1 AND e.model <> $2;
