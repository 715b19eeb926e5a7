-- Takes a catalog's ($1) derived-files lock alone until the transaction ends: no writer registers a file
-- meanwhile, and queries after this one see every registration made before.
SELECT pg_advisory_xact_lock(hashtextextended('lumina.derived.' || $1::text, 0));
