-- Marks move $2 of catalog $1 restored when none of its files is still away.
UPDATE lumina.rejected_moves m SET restored_at = now()
WHERE m.catalog_id = $1 AND m.id = $2 AND m.restored_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM lumina.rejected_files f WHERE f.move_id = m.id AND f.restored_at IS NULL);
