-- The persisted step journal: what each step of a task is about to change, written before the change
-- and marked done after it, so that any node can undo it (before the task's point of no return) or
-- carry the task forward (after it) from what is stored. data is the handler's own record as JSON.
CREATE TABLE task_journal (
    task_id     BIGINT       NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    seq         INTEGER      NOT NULL,
    step_seq    INTEGER,
    step        TEXT,
    kind        TEXT         NOT NULL,
    what        TEXT         NOT NULL,
    data        JSONB        NOT NULL DEFAULT '{}'::jsonb,
    status      TEXT         NOT NULL DEFAULT 'PENDING',
    recorded_at TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    updated_at  TIMESTAMPTZ,
    PRIMARY KEY (task_id, seq),
    CONSTRAINT task_journal_status_ck CHECK (status IN ('PENDING', 'DONE', 'UNDONE', 'UNDO_FAILED'))
);
