-- Accepts the suggestion of every group or burst ($2) of catalog $1 that nobody decided: keep the suggested
-- member, reject the others (bursts: the keep-best choice), under action $3. Returns how many groups.
WITH undecided AS (
    SELECT r.group_id, r.best_image_id, lumina.group_members(r.kind, r.group_id) AS members
    FROM lumina.review_groups r
    WHERE r.catalog_id = $1 AND r.kind = $2
), chosen AS (
    SELECT * FROM undecided u WHERE u.members IS NOT NULL AND NOT lumina.is_decided($1, $2, u.members)
), recorded AS (
    INSERT INTO lumina.review_decisions (catalog_id, kind, members, image_id, decision, choice, action)
    SELECT $1, $2, c.members, m.image_id, CASE WHEN m.image_id = c.best_image_id THEN 'keep' ELSE 'reject' END,
           CASE WHEN $2 = 'bursts' THEN 'keep-best' END, $3
    FROM chosen c, unnest(c.members) AS m(image_id)
    RETURNING 1
)
SELECT count(*)::int FROM chosen;
