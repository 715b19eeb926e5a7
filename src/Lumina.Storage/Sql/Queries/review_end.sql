-- Ends the standing decisions of catalog $1 on the group with kind $2 and members $3 ($4: only those on these
-- images; null: all), as replaced or undone ($5). Returns how many.
WITH ended AS (
    UPDATE lumina.review_decisions SET ended_at = now(), ended_how = $5
    WHERE catalog_id = $1 AND kind = $2 AND members = $3 AND ended_at IS NULL AND ($4::bigint[] IS NULL OR image_id = ANY ($4::bigint[]))
    RETURNING 1
)
SELECT count(*)::int FROM ended;
