-- Records that move $1 moved image $2 from path $3 to $4 (null: marked on its blob).
INSERT INTO lumina.rejected_files (move_id, image_id, path, destination) VALUES ($1, $2, $3, $4);
