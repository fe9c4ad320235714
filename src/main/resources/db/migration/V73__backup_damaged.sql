-- A backup whose archive failed its check (checksum or structure) is marked damaged: kept for inspection and
-- download, listed as "damaged", never offered for restore.
ALTER TABLE backups
    ADD COLUMN damaged_at TIMESTAMPTZ,
    ADD COLUMN damage     VARCHAR(1000);
