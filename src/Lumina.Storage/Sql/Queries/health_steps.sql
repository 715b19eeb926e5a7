-- Processing flags of a catalog's present images ($1), per step, against the current versions ($2: {"step": version}).
SELECT r.key AS step, r.value::int AS version,
       count(s.image_id) FILTER (WHERE s.version >= r.value::int) AS current,
       count(s.image_id) FILTER (WHERE s.version < r.value::int)  AS outdated
FROM jsonb_each_text($2) r
LEFT JOIN lumina.image_steps s ON s.step = r.key
    AND s.image_id IN (SELECT id FROM lumina.images WHERE catalog_id = $1 AND removed_at IS NULL)
GROUP BY r.key, r.value
ORDER BY r.key;
