-- Processing flags of a catalog's present images ($1), per step, against the current versions ($2: {"step": version}).
-- The flags are counted per step and version first, in one join of the catalog's images with their flags, then
-- compared with the versions: a million images hold several million flags.
WITH counted AS (
    SELECT s.step, s.version, count(*) AS images
    FROM lumina.images i
    JOIN lumina.image_steps s ON s.image_id = i.id
    WHERE i.catalog_id = $1 AND i.removed_at IS NULL
    GROUP BY s.step, s.version
)
SELECT r.key AS step, r.value::int AS version,
       coalesce(sum(c.images) FILTER (WHERE c.version >= r.value::int), 0)::bigint AS current,
       coalesce(sum(c.images) FILTER (WHERE c.version < r.value::int), 0)::bigint  AS outdated
FROM jsonb_each_text($2) r
LEFT JOIN counted c ON c.step = r.key
GROUP BY r.key, r.value
ORDER BY r.key;
