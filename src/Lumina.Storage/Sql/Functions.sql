-- Re-runnable: applied after the migrations on every start.

-- Saves one batch of per-image analysis results (a jsonb array, one object per image, as written by
-- AnalysisRow) and records the steps each image completed. An image whose content changed loses every
-- recorded step (geohash, duplicates, ... must be redone); otherwise only the analysis steps are replaced.
-- Failed analyses of the same content are counted in failed_attempts (a change of content starts again at 1).
-- Locks: lumina.image_steps rows of the batch's images, then their lumina.images rows.
CREATE OR REPLACE FUNCTION lumina.save_analysis(p_catalog uuid, p_batch jsonb, p_analysis_steps text[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM lumina.image_steps s
    USING lumina.images i, jsonb_array_elements(p_batch) r
    WHERE s.image_id = i.id AND i.catalog_id = p_catalog AND i.path = r->>'path'
      AND (s.step = ANY (p_analysis_steps) OR i.sha256 IS DISTINCT FROM decode(r->>'sha256', 'hex'));

    WITH rows AS (
        SELECT * FROM jsonb_to_recordset(p_batch) AS r(
            path text, file_size bigint, file_modified timestamptz, etag text, sha256 text, format text,
            width int, height int, orientation smallint, selected_date timestamp, date_offset text,
            date_subseconds boolean, date_source text, make text, model text, lens text, iso int,
            f_number double precision, exposure_time double precision, focal_length double precision, gps_lat double precision,
            gps_lon double precision, gps_alt double precision, camera_serial text, burst_uuid text,
            sequence_number int, exif jsonb,
            ahash bigint, dhash bigint, phash bigint, whash bigint,
            dhash_mirrored bigint, dhash_cropped bigint, dhash_cropped_mirrored bigint, dhash_crops bigint[],
            jpeg_quality smallint, colourfulness real, camera_thumbnail_difference real, thumbnail_ref text, thumbnail_width int, thumbnail_height int,
            preview_ref text, preview_width int, preview_height int,
            quality_score double precision, quality jsonb, pixels_from text, error text, warnings text[], steps jsonb)
    ), saved AS (
        INSERT INTO lumina.images AS i (
            catalog_id, path, file_size, file_modified, etag, removed_at, sha256, format, width, height,
            orientation, selected_date, date_offset, date_subseconds, date_source, make, model, lens, iso,
            f_number, exposure_time, focal_length, gps_lat, gps_lon, gps_alt, camera_serial, burst_uuid,
            sequence_number, exif, ahash, dhash, phash, whash, dhash_mirrored, dhash_cropped, dhash_cropped_mirrored,
            dhash_crops, jpeg_quality, colourfulness, camera_thumbnail_difference,
            thumbnail_ref, thumbnail_width, thumbnail_height, preview_ref, preview_width, preview_height,
            quality_score, quality, pixels_from, error, error_at, failed_attempts, warnings, updated_at)
        SELECT p_catalog, path, file_size, file_modified, etag, NULL, decode(sha256, 'hex'), format, width, height,
            orientation, selected_date, date_offset, date_subseconds, date_source, make, model, lens, iso,
            f_number, exposure_time, focal_length, gps_lat, gps_lon, gps_alt, camera_serial, burst_uuid,
            sequence_number, exif, ahash, dhash, phash, whash, dhash_mirrored, dhash_cropped, dhash_cropped_mirrored,
            dhash_crops, jpeg_quality, colourfulness, camera_thumbnail_difference,
            thumbnail_ref, thumbnail_width, thumbnail_height, preview_ref, preview_width, preview_height,
            quality_score, quality, pixels_from, error, CASE WHEN error IS NULL THEN NULL ELSE now() END,
            CASE WHEN error IS NULL THEN 0 ELSE 1 END, warnings, now()
        FROM rows
        ON CONFLICT (catalog_id, path) DO UPDATE SET
            file_size = excluded.file_size, file_modified = excluded.file_modified, etag = excluded.etag,
            removed_at = NULL, sha256 = excluded.sha256, format = excluded.format,
            width = excluded.width, height = excluded.height, orientation = excluded.orientation,
            selected_date = excluded.selected_date, date_offset = excluded.date_offset,
            date_subseconds = excluded.date_subseconds, date_source = excluded.date_source,
            make = excluded.make, model = excluded.model, lens = excluded.lens, iso = excluded.iso,
            f_number = excluded.f_number, exposure_time = excluded.exposure_time,
            focal_length = excluded.focal_length, gps_lat = excluded.gps_lat, gps_lon = excluded.gps_lon,
            gps_alt = excluded.gps_alt,
            geohash = CASE WHEN excluded.gps_lat IS NOT DISTINCT FROM i.gps_lat AND excluded.gps_lon IS NOT DISTINCT FROM i.gps_lon
                           THEN i.geohash END,
            camera_serial = excluded.camera_serial, burst_uuid = excluded.burst_uuid,
            sequence_number = excluded.sequence_number, exif = excluded.exif,
            ahash = excluded.ahash, dhash = excluded.dhash, phash = excluded.phash, whash = excluded.whash,
            dhash_mirrored = excluded.dhash_mirrored, dhash_cropped = excluded.dhash_cropped,
            dhash_cropped_mirrored = excluded.dhash_cropped_mirrored, dhash_crops = excluded.dhash_crops,
            jpeg_quality = excluded.jpeg_quality, colourfulness = excluded.colourfulness,
            camera_thumbnail_difference = excluded.camera_thumbnail_difference,
            thumbnail_ref = excluded.thumbnail_ref, thumbnail_width = excluded.thumbnail_width,
            thumbnail_height = excluded.thumbnail_height, preview_ref = excluded.preview_ref,
            preview_width = excluded.preview_width, preview_height = excluded.preview_height,
            quality_score = excluded.quality_score, quality = excluded.quality, pixels_from = excluded.pixels_from,
            error = excluded.error, error_at = excluded.error_at,
            failed_attempts = CASE WHEN excluded.error IS NULL THEN 0
                                   WHEN i.error IS NOT NULL AND i.sha256 IS NOT DISTINCT FROM excluded.sha256 THEN i.failed_attempts + 1
                                   ELSE 1 END,
            warnings = excluded.warnings,
            -- A failed retry of the same content changes nothing a person or a catalog-wide phase relies on.
            updated_at = CASE WHEN excluded.error IS NOT NULL AND i.error IS NOT NULL AND i.sha256 IS NOT DISTINCT FROM excluded.sha256
                                   AND i.removed_at IS NULL
                              THEN i.updated_at ELSE now() END
        RETURNING i.id, i.path
    )
    INSERT INTO lumina.image_steps (image_id, step, version)
    SELECT saved.id, s.key, s.value::int
    FROM saved JOIN rows r ON r.path = saved.path, jsonb_each_text(r.steps) s
    ON CONFLICT (image_id, step) DO UPDATE SET version = excluded.version, done_at = now();

    PERFORM lumina.pair_raw_files(p_catalog, ARRAY(SELECT r->>'path' FROM jsonb_array_elements(p_batch) r));
END;
$$;

-- The format names of camera RAW files (as Lumina.Imaging.Raw records them).
CREATE OR REPLACE FUNCTION lumina.raw_formats() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY['dng', 'cr2', 'cr3', 'nef', 'nrw', 'arw', 'srf', 'sr2', 'orf', 'rw2', 'raf', 'pef', 'srw', '3fr', 'iiq', 'x3f', 'raw'];

-- The RAW+JPEG pairs among a catalog's present images that share a shot with one of p_paths (all of
-- them when null): same folder and base name (lumina.shot_key), same make and model, EXIF capture times
-- equal to the sub-second when both have sub-seconds, else to the second. A RAW is any of Lumina's RAW
-- formats; its companion a JPEG (or the HEIF recent cameras write instead). When a file could pair with
-- several, the first by path is taken, so each file is in one pair at most.
CREATE OR REPLACE FUNCTION lumina.raw_pair_candidates(p_catalog uuid, p_paths text[])
RETURNS TABLE (raw_image_id bigint, companion_image_id bigint)
LANGUAGE sql STABLE AS $$
    WITH shots AS (
        -- The shots to look at: those of p_paths, else those of every RAW file (an index lookup each).
        SELECT CASE WHEN p_paths IS NULL
                    THEN ARRAY(SELECT lumina.shot_key(path) FROM lumina.images WHERE catalog_id = p_catalog AND format = ANY (lumina.raw_formats()))
                    ELSE ARRAY(SELECT lumina.shot_key(p) FROM unnest(p_paths) p) END AS keys
    ), shot_files AS (
        SELECT i.* FROM lumina.images i, shots
        WHERE i.catalog_id = p_catalog AND lumina.shot_key(i.path) = ANY (shots.keys)
          AND i.removed_at IS NULL AND i.date_source IN ('DateTimeOriginal', 'DateTimeDigitized', 'DateTime')
    ), matches AS (
        SELECT r.id AS raw_id, c.id AS companion_id,
               row_number() OVER (PARTITION BY r.id ORDER BY c.path) AS for_raw,
               row_number() OVER (PARTITION BY c.id ORDER BY r.path) AS for_companion
        FROM shot_files r
        JOIN shot_files c ON lumina.shot_key(c.path) = lumina.shot_key(r.path)
        WHERE r.format = ANY (lumina.raw_formats()) AND c.format IN ('jpeg', 'heic')
          AND lower(r.make) = lower(c.make) AND lower(r.model) = lower(c.model)
          AND CASE WHEN r.date_subseconds AND c.date_subseconds THEN r.selected_date = c.selected_date
                   ELSE date_trunc('second', r.selected_date) = date_trunc('second', c.selected_date) END
    )
    SELECT raw_id, companion_id FROM matches WHERE for_raw = 1 AND for_companion = 1;
$$;

-- Brings the catalog's recorded RAW+JPEG pairs that involve p_paths (every image when null) in line with
-- lumina.raw_pair_candidates. Batches saved side by side whose files share a shot (the RAW in one, its
-- JPEG in the other) would each miss the other's uncommitted row: each first takes a transaction-level
-- advisory lock per shot key of its files, in key order (no deadlock), so the later batch waits for the
-- earlier one's commit and its statements below, each with a new snapshot, see its rows. Returns the pairs
-- added. Locks: advisory locks of the batch's shot keys, lumina.raw_pairs rows of the catalog.
CREATE OR REPLACE FUNCTION lumina.pair_raw_files(p_catalog uuid, p_paths text[])
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    added int;
BEGIN
    PERFORM pg_advisory_xact_lock(k)
    FROM (SELECT DISTINCT hashtextextended(p_catalog::text || '/' || lumina.shot_key(p), 0) AS k FROM unnest(p_paths) p ORDER BY k) keys;

    DELETE FROM lumina.raw_pairs p
    USING lumina.images i
    WHERE p.catalog_id = p_catalog AND i.catalog_id = p_catalog
      AND (i.id = p.raw_image_id OR i.id = p.companion_image_id)
      AND (p_paths IS NULL OR i.path = ANY (p_paths))
      AND NOT EXISTS (SELECT 1 FROM lumina.raw_pair_candidates(p_catalog, p_paths) n
                      WHERE n.raw_image_id = p.raw_image_id AND n.companion_image_id = p.companion_image_id);

    INSERT INTO lumina.raw_pairs (raw_image_id, companion_image_id, catalog_id)
    SELECT n.raw_image_id, n.companion_image_id, p_catalog FROM lumina.raw_pair_candidates(p_catalog, p_paths) n
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    RETURN added;
END;
$$;

-- Records that images could not be read at all (vanished, unreadable). Their metadata from earlier
-- runs stays; the error fields and the file seen change. Failures of the same file (size, time, ETag) are
-- counted, and a repeated one is no change of the image (updated_at stays).
-- p_failures: [{path, file_size, file_modified, etag, error}].
-- Locks: lumina.images rows of the batch.
CREATE OR REPLACE FUNCTION lumina.record_failures(p_catalog uuid, p_failures jsonb)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO lumina.images AS i (catalog_id, path, file_size, file_modified, etag, error, error_at, failed_attempts)
    SELECT p_catalog, f.path, f.file_size, f.file_modified, f.etag, f.error, now(), 1
    FROM jsonb_to_recordset(p_failures) AS f(path text, file_size bigint, file_modified timestamptz, etag text, error text)
    ON CONFLICT (catalog_id, path) DO UPDATE SET
        file_size = excluded.file_size, file_modified = excluded.file_modified, etag = excluded.etag,
        error = excluded.error, error_at = now(),
        failed_attempts = CASE WHEN i.error IS NOT NULL AND i.file_size = excluded.file_size AND i.file_modified = excluded.file_modified
                                    AND i.etag IS NOT DISTINCT FROM excluded.etag
                               THEN i.failed_attempts + 1 ELSE 1 END,
        updated_at = CASE WHEN i.error IS NOT NULL AND i.file_size = excluded.file_size AND i.file_modified = excluded.file_modified
                               AND i.etag IS NOT DISTINCT FROM excluded.etag
                          THEN i.updated_at ELSE now() END;
$$;

-- The steps of p_required ({"step": version}) that an image has no flag for at that version or newer.
CREATE OR REPLACE FUNCTION lumina.missing_steps(p_image bigint, p_required jsonb)
RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT ARRAY(SELECT r.key FROM jsonb_each_text(p_required) r
                 WHERE NOT EXISTS (SELECT 1 FROM lumina.image_steps s
                                   WHERE s.image_id = p_image AND s.step = r.key AND s.version >= r.value::int));
$$;

-- Every image of a catalog with what an incremental run needs to decide whether to redo it:
-- its file identity, its error and failed attempts, the required steps (p_required: {"step": version}) it
-- lacks, and whether its content's SHA-256 is known (so a touched or moved file can be recognised).
CREATE OR REPLACE FUNCTION lumina.image_states(p_catalog uuid, p_required jsonb)
RETURNS TABLE (id bigint, path text, file_size bigint, file_modified timestamptz, etag text,
               removed boolean, error text, missing_steps text[], failed_attempts int, hashed boolean)
LANGUAGE sql STABLE AS $$
    SELECT i.id, i.path, i.file_size, i.file_modified, i.etag, i.removed_at IS NOT NULL, i.error,
           lumina.missing_steps(i.id, p_required), i.failed_attempts, i.sha256 IS NOT NULL
    FROM lumina.images i
    WHERE i.catalog_id = p_catalog;
$$;

-- Keeps the catalog's analysis of content it already holds, so that it is not decoded again: the image at
-- p_path when its SHA-256 is p_sha256 (a touched file), else a removed image with that SHA-256 (a file that
-- moved), which takes the new path and keeps its id and so its steps, groups, bursts, tags and embedding.
-- Returns the adopted image's state as image_states does (with the path it had), or no row when the
-- catalog holds no such image and the file must be analyzed.
-- Locks: the adopted lumina.images row.
CREATE OR REPLACE FUNCTION lumina.adopt_original(
    p_catalog uuid, p_path text, p_size bigint, p_modified timestamptz, p_etag text, p_sha256 bytea, p_required jsonb)
RETURNS TABLE (id bigint, path text, file_size bigint, file_modified timestamptz, etag text,
               removed boolean, error text, missing_steps text[], failed_attempts int, hashed boolean, removed_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
    v_sha256 bytea;
    v_previous text;
    v_removed_at timestamptz;
BEGIN
    SELECT i.id, i.sha256 INTO v_id, v_sha256 FROM lumina.images i WHERE i.catalog_id = p_catalog AND i.path = p_path FOR UPDATE;
    IF v_id IS NOT NULL AND v_sha256 IS DISTINCT FROM p_sha256 THEN
        RETURN;
    END IF;

    IF v_id IS NULL THEN
        SELECT i.id INTO v_id FROM lumina.images i
        WHERE i.catalog_id = p_catalog AND i.sha256 = p_sha256 AND i.removed_at IS NOT NULL
        ORDER BY i.removed_at DESC, i.id
        LIMIT 1 FOR UPDATE SKIP LOCKED;
        IF v_id IS NULL THEN
            RETURN;
        END IF;
    END IF;

    SELECT i.path, i.removed_at INTO v_previous, v_removed_at FROM lumina.images i WHERE i.id = v_id;
    UPDATE lumina.images i
    SET path = p_path, file_size = p_size, file_modified = p_modified, etag = p_etag, removed_at = NULL,
        updated_at = CASE WHEN i.path = p_path AND i.removed_at IS NULL THEN i.updated_at ELSE now() END
    WHERE i.id = v_id;
    RETURN QUERY
        SELECT i.id, v_previous, i.file_size, i.file_modified, i.etag, false, i.error, lumina.missing_steps(i.id, p_required),
               i.failed_attempts, true, v_removed_at
        FROM lumina.images i
        WHERE i.id = v_id;
END;
$$;

-- Marks images whose originals are gone as removed (their metadata stays). Returns how many.
CREATE OR REPLACE FUNCTION lumina.mark_removed(p_catalog uuid, p_paths text[])
RETURNS int LANGUAGE sql AS $$
    WITH marked AS (
        UPDATE lumina.images SET removed_at = now(), updated_at = now()
        WHERE catalog_id = p_catalog AND path = ANY (p_paths) AND removed_at IS NULL
        RETURNING id
    ), unpaired AS (
        DELETE FROM lumina.raw_pairs p USING marked m
        WHERE p.raw_image_id = m.id OR p.companion_image_id = m.id
    )
    SELECT count(*)::int FROM marked;
$$;

-- Stores CLIP embeddings (little-endian float32) of a catalog's images by path, with the model's identity.
-- Locks: lumina.embeddings rows of the images.
CREATE OR REPLACE FUNCTION lumina.save_embeddings(p_catalog uuid, p_paths text[], p_model text, p_vectors bytea[])
RETURNS void LANGUAGE sql AS $$
    INSERT INTO lumina.embeddings (image_id, model, vector)
    SELECT i.id, p_model, v.vector
    FROM unnest(p_paths, p_vectors) AS v(path, vector)
    JOIN lumina.images i ON i.catalog_id = p_catalog AND i.path = v.path
    ON CONFLICT (image_id) DO UPDATE SET model = excluded.model, vector = excluded.vector, created_at = now();
$$;

-- Deletes at most p_limit rows of a catalog being deleted, so that no transaction holds many locks for long:
-- its job batches first, then its images (their steps, group and burst memberships, embeddings and tags go
-- with them), duplicate groups, bursts, blob receipts and jobs. Returns how many rows it deleted; 0 when only
-- the catalog's own row (and its few catalog_phases) is left.
-- Locks: the deleted rows of one of those tables and the rows that cascade from them.
CREATE OR REPLACE FUNCTION lumina.delete_catalog_rows(p_catalog uuid, p_limit int)
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    deleted int;
    t text;
BEGIN
    -- A rebuild's phases keep their batches under '<rebuild id>:<phase>'.
    DELETE FROM lumina.job_batches WHERE ctid IN (
        SELECT b.ctid FROM lumina.job_batches b JOIN lumina.jobs j ON j.id = split_part(b.job_id, ':', 1)
        WHERE j.catalog_id = p_catalog LIMIT p_limit);
    GET DIAGNOSTICS deleted = ROW_COUNT;
    IF deleted > 0 THEN RETURN deleted; END IF;

    FOREACH t IN ARRAY ARRAY['images', 'duplicate_groups', 'bursts', 'blob_receipts', 'jobs'] LOOP
        EXECUTE format('DELETE FROM lumina.%I WHERE ctid IN (SELECT ctid FROM lumina.%I WHERE catalog_id = $1 LIMIT $2)', t, t)
            USING p_catalog, p_limit;
        GET DIAGNOSTICS deleted = ROW_COUNT;
        IF deleted > 0 THEN RETURN deleted; END IF;
    END LOOP;
    RETURN 0;
END;
$$;
