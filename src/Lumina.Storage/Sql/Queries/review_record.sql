-- Records decisions of catalog $1 on the group with kind $2 and members $3: images $4 with decisions $5, the burst
-- choice $6 (null for duplicates), all under action $7.
INSERT INTO lumina.review_decisions (catalog_id, kind, members, image_id, decision, choice, action)
SELECT $1, $2, $3, d.image_id, d.decision, $6, $7
FROM unnest($4::bigint[], $5::text[]) AS d(image_id, decision);
