-- Whether a catalog's ($1) phase ($2) has run at version $3 with parameters $4: only then can its inputs be
-- unchanged, and only then is their fingerprint (a pass over the whole catalog) worth computing.
SELECT EXISTS (
    SELECT 1 FROM lumina.catalog_phases
    WHERE catalog_id = $1 AND phase = $2 AND version = $3 AND parameters = $4);
