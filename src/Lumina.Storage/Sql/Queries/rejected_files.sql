-- The files of move $2 of catalog $1 not restored yet: image id, path in the catalog, where it went.
SELECT f.image_id, f.path, f.destination
FROM lumina.rejected_files f
JOIN lumina.rejected_moves m ON m.id = f.move_id
WHERE m.catalog_id = $1 AND f.move_id = $2 AND f.restored_at IS NULL
ORDER BY f.path;
