-- Upload receipts that are never lost: a claim is a lease until the ingest is scheduled ('claimed' with
-- claimed_until), a retried upload says so ('retrying' with next_try_at), a newer version of a blob
-- supersedes its poison records ('superseded'). Derived files being written are registered so that a
-- cleanup never deletes one an analysis is about to reference. Never edit once released.
ALTER TABLE lumina.blob_receipts DROP CONSTRAINT blob_receipts_status_check;
ALTER TABLE lumina.blob_receipts ADD CONSTRAINT blob_receipts_status_check
    CHECK (status IN ('claimed', 'processing', 'retrying', 'done', 'superseded', 'poison'));
ALTER TABLE lumina.blob_receipts ADD COLUMN claimed_until timestamptz;
ALTER TABLE lumina.blob_receipts ADD COLUMN next_try_at timestamptz;

-- Earlier 'processing' receipts may belong to a host that died before scheduling their ingest: they
-- become expired claims, so the next scan claims them again (an ingest already running is kept).
UPDATE lumina.blob_receipts SET status = 'claimed', claimed_until = now() WHERE status = 'processing';

CREATE TABLE lumina.derived_writes (
    catalog_id uuid        NOT NULL REFERENCES lumina.catalogs (id) ON DELETE CASCADE,
    writer     uuid        NOT NULL,
    name       text        NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (catalog_id, name, writer)
);
