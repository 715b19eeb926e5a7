-- One page of a catalog's ($1) present images for the library, newest first (capture time, images without one
-- last, then id), after the keyset cursor ($2 the capture time as text or '-infinity', $3 the id; null: from the
-- start), at most $4 rows. Filters, each ignored when null: capture time from $5 (inclusive) to $6 (exclusive),
-- camera $7 ('Make Model'), GPS $8, tag $9, formats $10, failed $11, in a duplicate group $12, in a burst $13.
-- The order is the images_newest index's (scanned backward); unnamed statements are planned with the values, so
-- the filters left null cost nothing.
SELECT i.id, i.path, i.selected_date, i.date_subseconds, i.width, i.height, i.format, nullif(concat_ws(' ', i.make, i.model), ''),
       i.gps_lat IS NOT NULL, i.thumbnail_ref, i.error, dm.group_id, bm.burst_id, coalesce(i.selected_date, '-infinity'::timestamp)::text
FROM lumina.images i
LEFT JOIN lumina.duplicate_members dm ON dm.image_id = i.id
LEFT JOIN lumina.burst_members bm ON bm.image_id = i.id
WHERE i.catalog_id = $1 AND i.removed_at IS NULL
  AND ($3::bigint IS NULL OR (coalesce(i.selected_date, '-infinity'::timestamp), i.id) < ($2::text::timestamp, $3::bigint))
  AND ($5::timestamp IS NULL OR i.selected_date >= $5::timestamp)
  AND ($6::timestamp IS NULL OR i.selected_date < $6::timestamp)
  AND ($7::text IS NULL OR concat_ws(' ', i.make, i.model) = $7::text)
  AND ($8::boolean IS NULL OR (i.gps_lat IS NOT NULL) = $8::boolean)
  AND ($9::text IS NULL OR EXISTS (SELECT 1 FROM lumina.tags t WHERE t.image_id = i.id AND t.tag = $9::text))
  AND ($10::text[] IS NULL OR i.format = ANY ($10::text[]))
  AND ($11::boolean IS NULL OR (i.error IS NOT NULL) = $11::boolean)
  AND ($12::boolean IS NULL OR (dm.group_id IS NOT NULL) = $12::boolean)
  AND ($13::boolean IS NULL OR (bm.burst_id IS NOT NULL) = $13::boolean)
ORDER BY coalesce(i.selected_date, '-infinity'::timestamp) DESC, i.id DESC
LIMIT $4;
