-- backup: archive settings, the backup manager's schedule, window and retention rules,
-- per-site schedule overrides, and the kind of each backup (automated or not).

-- One row: the settings every panel node reads.
CREATE TABLE backup_settings (
    id                      SMALLINT     PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    compression_level       SMALLINT     NOT NULL DEFAULT 6 CHECK (compression_level BETWEEN 1 AND 9),
    compression_threads     SMALLINT     NOT NULL DEFAULT 0 CHECK (compression_threads BETWEEN 0 AND 64),
    schedule_enabled        BOOLEAN      NOT NULL DEFAULT TRUE,
    schedule_interval_hours INTEGER      NOT NULL DEFAULT 24 CHECK (schedule_interval_hours > 0),
    window_start            TIME         NOT NULL DEFAULT '00:00',
    window_end              TIME         NOT NULL DEFAULT '00:00',
    window_days             VARCHAR(60)  NOT NULL DEFAULT 'MON,TUE,WED,THU,FRI,SAT,SUN',
    time_zone               VARCHAR(60)  NOT NULL DEFAULT 'UTC',
    retention_enabled       BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at              TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_by              VARCHAR(100)
);
INSERT INTO backup_settings (id) VALUES (1);

-- A site's own schedule: its own interval, or opted out (enabled = false).
CREATE TABLE backup_site_schedules (
    site_id        BIGINT       PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    enabled        BOOLEAN      NOT NULL,
    interval_hours INTEGER      CHECK (interval_hours > 0),
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_by     VARCHAR(100),
    CHECK (NOT enabled OR interval_hours IS NOT NULL)
);

-- "For backups older than X, keep the newest one per period Y."
CREATE TABLE backup_retention_rules (
    id                BIGSERIAL    PRIMARY KEY,
    older_than_amount INTEGER      NOT NULL CHECK (older_than_amount > 0),
    older_than_unit   VARCHAR(10)  NOT NULL CHECK (older_than_unit IN ('HOURS', 'DAYS', 'WEEKS', 'MONTHS', 'YEARS')),
    keep_per_amount   INTEGER      NOT NULL CHECK (keep_per_amount > 0),
    keep_per_unit     VARCHAR(10)  NOT NULL CHECK (keep_per_unit IN ('HOURS', 'DAYS', 'WEEKS', 'MONTHS', 'YEARS')),
    applies_to        VARCHAR(10)  NOT NULL DEFAULT 'ALL' CHECK (applies_to IN ('ALL', 'AUTOMATED', 'MANUAL')),
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);

ALTER TABLE backups ADD COLUMN kind VARCHAR(20) NOT NULL DEFAULT 'REQUESTED'
    CHECK (kind IN ('REQUESTED', 'AUTOMATED', 'PRE_DELETE', 'PRE_RESTORE', 'TASK'));
