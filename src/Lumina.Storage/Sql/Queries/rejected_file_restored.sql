-- Records that image $2 of move $1 is back at its path, and marks the image present again (when its row was marked removed by the move).
WITH restored AS (
    UPDATE lumina.rejected_files SET restored_at = now() WHERE move_id = $1 AND image_id = $2 AND restored_at IS NULL RETURNING image_id, path
)
UPDATE lumina.images i SET removed_at = NULL, updated_at = now()
FROM restored r
WHERE i.id = r.image_id AND i.path = r.path AND i.removed_at IS NOT NULL;
