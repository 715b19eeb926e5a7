-- Catalogs and their images. Never edit once released: add a new numbered script instead.
CREATE SCHEMA IF NOT EXISTS lumina;

CREATE TABLE lumina.catalogs (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    source_kind text        NOT NULL CHECK (source_kind IN ('folder', 'blob')),
    source      text        NOT NULL,
    derived     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lumina.images (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog_id          uuid        NOT NULL REFERENCES lumina.catalogs (id) ON DELETE CASCADE,
    path                text        NOT NULL,
    file_size           bigint      NOT NULL,
    file_modified       timestamptz NOT NULL,
    etag                text,
    removed_at          timestamptz,
    sha256              bytea,
    format              text,
    width               int,
    height              int,
    orientation         smallint,
    selected_date       timestamp,
    date_offset         text,
    date_subseconds     boolean,
    date_source         text,
    make                text,
    model               text,
    lens                text,
    iso                 int,
    f_number            double precision,
    exposure_time       double precision,
    focal_length        double precision,
    gps_lat             double precision,
    gps_lon             double precision,
    gps_alt             double precision,
    camera_serial       text,
    burst_uuid          text,
    sequence_number     int,
    exif                jsonb,
    ahash               bigint,
    dhash               bigint,
    phash               bigint,
    whash               bigint,
    dhash_mirrored      bigint,
    dhash_cropped       bigint,
    dhash_cropped_mirrored bigint,
    thumbnail_ref       text,
    thumbnail_width     int,
    thumbnail_height    int,
    preview_ref         text,
    preview_width       int,
    preview_height      int,
    quality_score       double precision,
    quality             jsonb,
    error               text,
    error_at            timestamptz,
    failed_attempts     int         NOT NULL DEFAULT 0,
    warnings            text[],
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (catalog_id, path)
);

CREATE INDEX images_sha256 ON lumina.images (catalog_id, sha256);

-- Processing flags: which step ran on which image with which algorithm version.
CREATE TABLE lumina.image_steps (
    image_id bigint      NOT NULL REFERENCES lumina.images (id) ON DELETE CASCADE,
    step     text        NOT NULL,
    version  int         NOT NULL,
    done_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (image_id, step)
);
