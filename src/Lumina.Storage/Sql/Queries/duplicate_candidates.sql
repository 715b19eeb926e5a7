-- What duplicate detection reads of every present image of a catalog ($1).
SELECT id, sha256, dhash, dhash_mirrored, dhash_cropped, dhash_cropped_mirrored, quality_score, width, height, file_size
FROM lumina.images
WHERE catalog_id = $1 AND removed_at IS NULL;
