-- Backups taken by migrate ("Generated before being migrated") and clone ("Generated before being cloned").
ALTER TABLE backups DROP CONSTRAINT backups_kind_check;
ALTER TABLE backups ADD CONSTRAINT backups_kind_check
    CHECK (kind IN ('REQUESTED', 'AUTOMATED', 'PRE_DELETE', 'PRE_RESTORE', 'PRE_MIGRATE', 'PRE_CLONE', 'TASK'));
