-- Blob upload trigger: one receipt per blob version (name + ETag), so that each upload is processed
-- exactly once however many hosts watch the container. Never edit once released.
CREATE TABLE lumina.blob_receipts (
    catalog_id  uuid        NOT NULL REFERENCES lumina.catalogs (id) ON DELETE CASCADE,
    blob_name   text        NOT NULL,
    etag        text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('processing', 'done', 'poison')),
    attempts    int         NOT NULL DEFAULT 0,
    last_error  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (catalog_id, blob_name, etag)
);
CREATE INDEX blob_receipts_status ON lumina.blob_receipts (catalog_id, status);
