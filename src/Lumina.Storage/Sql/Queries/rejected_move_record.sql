-- Records move $2 of catalog $1 into folder $3 (null: blob metadata) after backup $4.
INSERT INTO lumina.rejected_moves (id, catalog_id, folder, backup) VALUES ($2, $1, $3, $4);
