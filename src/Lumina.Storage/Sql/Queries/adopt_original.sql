-- Keeps a catalog's ($1) analysis of a file ($2 path, $3 size, $4 modified, $5 ETag) whose SHA-256 ($6) it
-- already holds; the adopted image's state with the steps of $7 ({"step": version}) it lacks, or no row.
SELECT * FROM lumina.adopt_original($1, $2, $3, $4, $5, $6, $7);
