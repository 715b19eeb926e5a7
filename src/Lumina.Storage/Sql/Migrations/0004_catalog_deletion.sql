-- Catalog deletion: a catalog being deleted takes no new jobs while its rows are deleted in bounded
-- chunks (lumina.delete_catalog_rows). Never edit once released: add a new numbered script instead.
ALTER TABLE lumina.catalogs ADD COLUMN deleting_since timestamptz;
