-- How many database updates the last verify found pending (the code ahead of the schema); null: not checked yet.
ALTER TABLE sites
    ADD COLUMN pending_db_updates INTEGER;
