-- Present images of a catalog ($1) with GPS and without a geohash flag at version $2, or whose geohash
-- is stale (GPS gone); all of them when $3 is true; only those at paths $4 unless it is null. One chunk:
-- the first $6 by id after id $5, so a catalog of any size is read in statements of bounded length. The flag
-- is looked up per image (a scalar subquery): as NOT EXISTS under the OR, the planner hashed every geohash
-- flag of every catalog for each chunk.
SELECT i.id, i.gps_lat, i.gps_lon
FROM lumina.images i
WHERE i.catalog_id = $1 AND i.removed_at IS NULL AND ($4::text[] IS NULL OR i.path = ANY ($4)) AND i.id > $5
  AND ($3
       OR (i.gps_lat IS NULL AND i.geohash IS NOT NULL)
       OR (i.gps_lat IS NOT NULL AND NOT coalesce(
              (SELECT s.version >= $2 FROM lumina.image_steps s WHERE s.image_id = i.id AND s.step = 'geohash'), false)))
ORDER BY i.id
LIMIT $6;
