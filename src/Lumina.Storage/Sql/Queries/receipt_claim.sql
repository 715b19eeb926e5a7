-- Claims blob versions ($2 names, $3 ETags) of a catalog ($1) for $4 seconds, until their ingest is
-- scheduled; returns the ones this caller claimed: new versions, and versions whose earlier claim expired
-- (its host stopped before scheduling them). A version another host holds or finished is not returned.
INSERT INTO lumina.blob_receipts AS r (catalog_id, blob_name, etag, status, claimed_until)
SELECT DISTINCT $1::uuid, b.name, b.etag, 'claimed', now() + make_interval(secs => $4)
FROM unnest($2::text[], $3::text[]) AS b(name, etag)
ON CONFLICT (catalog_id, blob_name, etag) DO UPDATE
    SET claimed_until = excluded.claimed_until, updated_at = now()
    WHERE r.status = 'claimed' AND r.claimed_until < now()
RETURNING blob_name, etag;
