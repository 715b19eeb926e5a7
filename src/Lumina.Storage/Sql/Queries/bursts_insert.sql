-- Inserts a catalog's ($1) bursts: ids ($2) from the bursts' sequence, best images ($3), cameras ($4),
-- first and last capture times ($5, $6); members as parallel arrays: burst ids ($7), image ids ($8), positions ($9).
WITH bursts AS (
    INSERT INTO lumina.bursts (id, catalog_id, best_image_id, camera, started_at, ended_at) OVERRIDING SYSTEM VALUE
    SELECT b.id, $1, b.best, b.camera, b.started, b.ended
    FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::timestamp[], $6::timestamp[]) AS b(id, best, camera, started, ended)
    RETURNING id)
INSERT INTO lumina.burst_members (burst_id, image_id, position)
SELECT m.burst_id, m.image_id, m.position
FROM unnest($7::bigint[], $8::bigint[], $9::int[]) AS m(burst_id, image_id, position)
WHERE m.burst_id IN (SELECT id FROM bursts);
