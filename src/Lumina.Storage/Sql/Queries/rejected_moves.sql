-- The moves of rejected originals of catalog $1, newest first: id, folder, when, files moved, when restored.
SELECT m.id, m.folder, m.created_at, m.backup, (SELECT count(*) FROM lumina.rejected_files f WHERE f.move_id = m.id), m.restored_at
FROM lumina.rejected_moves m
WHERE m.catalog_id = $1
ORDER BY m.created_at DESC, m.id;
