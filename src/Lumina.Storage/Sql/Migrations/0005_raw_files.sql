-- Camera RAW files: where an image's pixels came from, and RAW+JPEG pairs (one shot written as two
-- files). Never edit once released: add a new numbered script instead.
ALTER TABLE lumina.images ADD COLUMN pixels_from text CHECK (pixels_from IN ('decoded', 'embedded-preview'));

-- Images analyzed before RAW files were read had their own pixels decoded.
UPDATE lumina.images SET pixels_from = 'decoded' WHERE thumbnail_ref IS NOT NULL;

-- What a RAW file and its JPEG share: folder and base name, case-insensitively
-- ('dcim/img_0001' for DCIM/IMG_0001.CR2 and DCIM/IMG_0001.JPG).
CREATE FUNCTION lumina.shot_key(p_path text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN lower(regexp_replace(p_path, '\.[^./]*$', ''));

CREATE INDEX images_shot_key ON lumina.images (catalog_id, lumina.shot_key(path));

-- One shot's two files: the RAW is the original, the JPEG its companion. Each file is in one pair at most.
CREATE TABLE lumina.raw_pairs (
    raw_image_id       bigint      PRIMARY KEY REFERENCES lumina.images (id) ON DELETE CASCADE,
    companion_image_id bigint      NOT NULL UNIQUE REFERENCES lumina.images (id) ON DELETE CASCADE,
    catalog_id         uuid        NOT NULL REFERENCES lumina.catalogs (id) ON DELETE CASCADE,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX raw_pairs_catalog ON lumina.raw_pairs (catalog_id);
