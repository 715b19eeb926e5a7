-- Re-runnable: applied after the migrations on every start.

-- Saves one batch of per-image analysis results (a jsonb array, one object per image, as written by
-- AnalysisRow) and records the steps each image completed. An image whose content changed loses every
-- recorded step (geohash, duplicates, ... must be redone); otherwise only the analysis steps are replaced.
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
            quality_score double precision, quality jsonb, error text, warnings text[], steps jsonb)
    ), saved AS (
        INSERT INTO lumina.images AS i (
            catalog_id, path, file_size, file_modified, etag, removed_at, sha256, format, width, height,
            orientation, selected_date, date_offset, date_subseconds, date_source, make, model, lens, iso,
            f_number, exposure_time, focal_length, gps_lat, gps_lon, gps_alt, camera_serial, burst_uuid,
            sequence_number, exif, ahash, dhash, phash, whash, dhash_mirrored, dhash_cropped, dhash_cropped_mirrored,
            dhash_crops, jpeg_quality, colourfulness, camera_thumbnail_difference,
            thumbnail_ref, thumbnail_width, thumbnail_height, preview_ref, preview_width, preview_height,
            quality_score, quality, error, error_at, failed_attempts, warnings, updated_at)
        SELECT p_catalog, path, file_size, file_modified, etag, NULL, decode(sha256, 'hex'), format, width, height,
            orientation, selected_date, date_offset, date_subseconds, date_source, make, model, lens, iso,
            f_number, exposure_time, focal_length, gps_lat, gps_lon, gps_alt, camera_serial, burst_uuid,
            sequence_number, exif, ahash, dhash, phash, whash, dhash_mirrored, dhash_cropped, dhash_cropped_mirrored,
            dhash_crops, jpeg_quality, colourfulness, camera_thumbnail_difference,
            thumbnail_ref, thumbnail_width, thumbnail_height, preview_ref, preview_width, preview_height,
            quality_score, quality, error, CASE WHEN error IS NULL THEN NULL ELSE now() END,
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
            quality_score = excluded.quality_score, quality = excluded.quality,
            error = excluded.error, error_at = excluded.error_at,
            failed_attempts = CASE WHEN excluded.error IS NULL THEN 0 ELSE i.failed_attempts + 1 END,
            warnings = excluded.warnings, updated_at = now()
        RETURNING i.id, i.path
    )
    INSERT INTO lumina.image_steps (image_id, step, version)
    SELECT saved.id, s.key, s.value::int
    FROM saved JOIN rows r ON r.path = saved.path, jsonb_each_text(r.steps) s
    ON CONFLICT (image_id, step) DO UPDATE SET version = excluded.version, done_at = now();
END;
$$;

-- Records that images could not be read at all (vanished, unreadable). Their metadata from earlier
-- runs stays; only the error fields change. p_failures: [{path, file_size, file_modified, etag, error}].
-- Locks: lumina.images rows of the batch.
CREATE OR REPLACE FUNCTION lumina.record_failures(p_catalog uuid, p_failures jsonb)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO lumina.images AS i (catalog_id, path, file_size, file_modified, etag, error, error_at, failed_attempts)
    SELECT p_catalog, f.path, f.file_size, f.file_modified, f.etag, f.error, now(), 1
    FROM jsonb_to_recordset(p_failures) AS f(path text, file_size bigint, file_modified timestamptz, etag text, error text)
    ON CONFLICT (catalog_id, path) DO UPDATE SET
        error = excluded.error, error_at = now(), failed_attempts = i.failed_attempts + 1, updated_at = now();
$$;

-- Every image of a catalog with what an incremental run needs to decide whether to redo it:
-- its file identity, its error, and the required steps (p_required: {"step": version}) it lacks.
CREATE OR REPLACE FUNCTION lumina.image_states(p_catalog uuid, p_required jsonb)
RETURNS TABLE (id bigint, path text, file_size bigint, file_modified timestamptz, etag text,
               removed boolean, error text, missing_steps text[])
LANGUAGE sql STABLE AS $$
    SELECT i.id, i.path, i.file_size, i.file_modified, i.etag, i.removed_at IS NOT NULL, i.error,
           ARRAY(SELECT r.key FROM jsonb_each_text(p_required) r
                 WHERE NOT EXISTS (SELECT 1 FROM lumina.image_steps s
                                   WHERE s.image_id = i.id AND s.step = r.key AND s.version >= r.value::int))
    FROM lumina.images i
    WHERE i.catalog_id = p_catalog;
$$;

-- Marks images whose originals are gone as removed (their metadata stays). Returns how many.
CREATE OR REPLACE FUNCTION lumina.mark_removed(p_catalog uuid, p_paths text[])
RETURNS int LANGUAGE sql AS $$
    WITH marked AS (
        UPDATE lumina.images SET removed_at = now(), updated_at = now()
        WHERE catalog_id = p_catalog AND path = ANY (p_paths) AND removed_at IS NULL
        RETURNING 1)
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
