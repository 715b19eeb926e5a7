-- Undoes the decisions of action $2 of catalog $1 that still stand. Returns how many.
WITH undone AS (
    UPDATE lumina.review_decisions SET ended_at = now(), ended_how = 'undone'
    WHERE catalog_id = $1 AND action = $2 AND ended_at IS NULL
    RETURNING 1
)
SELECT count(*)::int FROM undone;
