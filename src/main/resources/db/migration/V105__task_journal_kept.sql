-- A journal entry may be marked KEPT: its change was made and stays whatever becomes of the task (a backup
-- archive once its record is written); no rollback takes it back.
ALTER TABLE task_journal DROP CONSTRAINT task_journal_status_ck;
ALTER TABLE task_journal ADD CONSTRAINT task_journal_status_ck
    CHECK (status IN ('PENDING', 'DONE', 'KEPT', 'UNDONE', 'UNDO_FAILED'));
