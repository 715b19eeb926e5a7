-- What duplicate detection reads of every present image of a catalog ($1): hashes, what choosing the best
-- image reads (camera EXIF is make, model and DateTimeOriginal all present), and the hashes that confirm
-- a match found through a crop. The JPEG companion of a RAW+JPEG pair is one shot with its RAW, never a
-- duplicate to drop: it is left out.
SELECT id, sha256, dhash, dhash_mirrored, dhash_cropped, dhash_cropped_mirrored, dhash_crops,
       width, height, format, file_size, jpeg_quality, colourfulness,
       make IS NOT NULL AND model IS NOT NULL AND date_source = 'DateTimeOriginal', camera_thumbnail_difference,
       quality_score, (quality ->> 'sharpness')::double precision, ahash, phash, whash
FROM lumina.images i
WHERE catalog_id = $1 AND removed_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM lumina.raw_pairs p WHERE p.companion_image_id = i.id);
