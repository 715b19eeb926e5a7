-- What duplicate detection reads of every present image of a catalog ($1).
-- The JPEG companion of a RAW+JPEG pair is one shot with its RAW, never a duplicate to drop: it is left out.
SELECT id, sha256, dhash, dhash_mirrored, dhash_cropped, dhash_cropped_mirrored, quality_score, width, height, file_size
FROM lumina.images i
WHERE catalog_id = $1 AND removed_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM lumina.raw_pairs p WHERE p.companion_image_id = i.id);
