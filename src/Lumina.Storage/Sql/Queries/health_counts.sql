-- Coverage counts of a catalog ($1) for the health report; one row.
SELECT
    count(*) FILTER (WHERE removed_at IS NULL)                                                  AS images,
    count(*) FILTER (WHERE removed_at IS NOT NULL)                                              AS removed,
    count(*) FILTER (WHERE removed_at IS NULL AND selected_date IS NOT NULL)                    AS dated,
    count(*) FILTER (WHERE removed_at IS NULL AND date_source IS NOT NULL AND date_source <> 'FileTime') AS exif_dated,
    count(*) FILTER (WHERE removed_at IS NULL AND dhash IS NOT NULL)                            AS hashed,
    count(*) FILTER (WHERE removed_at IS NULL AND thumbnail_ref IS NOT NULL)                    AS thumbnails,
    count(*) FILTER (WHERE removed_at IS NULL AND preview_ref IS NOT NULL)                      AS previews,
    count(*) FILTER (WHERE removed_at IS NULL AND quality_score IS NOT NULL)                    AS scored,
    count(*) FILTER (WHERE removed_at IS NULL AND gps_lat IS NOT NULL)                          AS located,
    count(*) FILTER (WHERE removed_at IS NULL AND geohash IS NOT NULL)                          AS geohashed,
    count(*) FILTER (WHERE removed_at IS NULL AND error IS NOT NULL)                            AS failed,
    (SELECT count(*) FROM lumina.embeddings e JOIN lumina.images x ON x.id = e.image_id
      WHERE x.catalog_id = $1 AND x.removed_at IS NULL)                                        AS embedded,
    (SELECT count(DISTINCT t.image_id) FROM lumina.tags t JOIN lumina.images x ON x.id = t.image_id
      WHERE x.catalog_id = $1 AND x.removed_at IS NULL)                                        AS tagged,
    max(updated_at) FILTER (WHERE removed_at IS NULL)                                           AS last_change,
    (SELECT scanned_at FROM lumina.catalogs WHERE id = $1)                                     AS scanned_at
FROM lumina.images
WHERE catalog_id = $1;
