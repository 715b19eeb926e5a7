-- The id of a catalog's ($1) image at a path ($2).
SELECT id FROM lumina.images WHERE catalog_id = $1 AND path = $2;
