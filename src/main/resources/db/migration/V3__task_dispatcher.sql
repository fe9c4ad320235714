-- The dispatcher: retries as new rows, FIFO per site enforced by the database, log retention.

-- A retry is a new task with the same arguments; it points at the task it retries.
ALTER TABLE tasks ADD COLUMN retry_of BIGINT REFERENCES tasks (id) ON DELETE SET NULL;
-- Set when the retention sweep deleted the task's log lines; the task row itself stays.
ALTER TABLE tasks ADD COLUMN log_purged_at TIMESTAMPTZ;

-- At most one task runs per site, whichever node claimed it.
CREATE UNIQUE INDEX tasks_site_running_uk ON tasks (site_id) WHERE status = 'PROCESSING' AND site_id IS NOT NULL;
-- The claim looks for the oldest queued task of each site.
CREATE INDEX tasks_site_queued_idx ON tasks (site_id, created_at, id) WHERE status = 'QUEUED';
CREATE INDEX tasks_server_running_idx ON tasks (server_id) WHERE status = 'PROCESSING';
CREATE INDEX tasks_finished_idx ON tasks (finished_at) WHERE log_purged_at IS NULL AND finished_at IS NOT NULL;
CREATE INDEX tasks_status_created_idx ON tasks (status, created_at DESC, id DESC);
CREATE INDEX tasks_type_created_idx ON tasks (type, created_at DESC, id DESC);

ALTER TABLE tasks ADD CONSTRAINT tasks_status_ck
    CHECK (status IN ('QUEUED', 'PROCESSING', 'SUCCESS', 'WARNING', 'ERROR', 'CANCELLED'));
ALTER TABLE task_steps ADD CONSTRAINT task_steps_status_ck
    CHECK (status IN ('RUNNING', 'DONE', 'FAILED', 'INTERRUPTED', 'UNDONE', 'UNDO_FAILED'));
