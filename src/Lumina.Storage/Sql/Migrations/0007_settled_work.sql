-- Failures that settle and work that is not redone. Never edit once released: add a new numbered script instead.

-- When a catalog's originals were last listed, so the health report can tell "never scanned" from "empty".
ALTER TABLE lumina.catalogs ADD COLUMN scanned_at timestamptz;

-- What a catalog-wide phase last read (a fingerprint of its inputs): unchanged inputs are not processed again.
ALTER TABLE lumina.catalog_phases ADD COLUMN inputs text;

-- image_states now also returns failed attempts and whether the content hash is known (Functions.sql).
DROP FUNCTION IF EXISTS lumina.image_states(uuid, jsonb);
