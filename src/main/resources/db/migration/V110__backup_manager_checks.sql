-- backup: what the backup manager found at its latest check, so that Admin → Backups shows it instead of
-- working out the plan over every site at each view (docs/backups.md#the-admin-page).

-- One row, written by every scheduled run (one node at a time, under the run's lock).
CREATE TABLE backup_manager_checks (
    id                     SMALLINT     PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    checked_at             TIMESTAMPTZ  NOT NULL,
    finished_at            TIMESTAMPTZ  NOT NULL,
    window_open            BOOLEAN      NOT NULL,
    next_window_opening    TIMESTAMPTZ,
    due_sites              INTEGER      NOT NULL CHECK (due_sites >= 0),
    backups_queued         INTEGER      NOT NULL CHECK (backups_queued >= 0),
    retention_sites        INTEGER      NOT NULL CHECK (retention_sites >= 0),
    backups_past_retention INTEGER      NOT NULL CHECK (backups_past_retention >= 0),
    deletions_queued       INTEGER      NOT NULL CHECK (deletions_queued >= 0)
);

-- When anything the plan follows last changed: the schedule, window and retention settings, a retention rule,
-- a site's own schedule. A check made before it no longer says what the manager does now.
ALTER TABLE backup_settings ADD COLUMN plan_changed_at TIMESTAMPTZ NOT NULL DEFAULT now();
