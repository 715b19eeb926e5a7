-- What choosing the image to keep reads (JPEG quality from the quantization tables, colourfulness of the
-- pixels, how far the pixels are from the camera's EXIF thumbnail), the crop dHashes that find copies cut at an edge or a corner, and why each best pick won.
-- Never edit once released: add a new numbered script instead.
ALTER TABLE lumina.images
    ADD COLUMN dhash_crops   bigint[],
    ADD COLUMN jpeg_quality  smallint,
    ADD COLUMN colourfulness real,
    ADD COLUMN camera_thumbnail_difference real;

ALTER TABLE lumina.duplicate_members ADD COLUMN best_reason text;

ALTER TABLE lumina.bursts ADD COLUMN best_reason text;
