-- Cron: drush core:cron on every enabled site at an interval (docs/cron.md). Runs are light records,
-- not tasks: the last few per site are kept with their output, bounded.

-- The single row of the panel-wide cron settings.
CREATE TABLE site_cron_settings (
    id                       SMALLINT     PRIMARY KEY CHECK (id = 1),
    -- seconds between runs for sites without their own interval; 0 = off
    default_interval_seconds INTEGER      NOT NULL DEFAULT 3600 CHECK (default_interval_seconds >= 0),
    -- runs at once, over all panel nodes, on the sites of one web server
    per_server_limit         INTEGER      NOT NULL DEFAULT 2 CHECK (per_server_limit >= 1),
    updated_at               TIMESTAMPTZ,
    updated_by               VARCHAR(100)
);
INSERT INTO site_cron_settings (id) VALUES (1);

-- Each site's cron state: its own interval (NULL = the default, 0 = off), when it is next due, failures in a row.
CREATE TABLE site_cron (
    site_id              BIGINT      PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    interval_seconds     INTEGER     CHECK (interval_seconds >= 0),
    next_run_at          TIMESTAMPTZ,
    consecutive_failures INTEGER     NOT NULL DEFAULT 0
);

-- One cron run. A run with no finished_at holds its site: at most one per site (the unique index), on
-- any node; a node that dies leaves it until lease_until, when the next tick ends it as interrupted.
CREATE TABLE site_cron_runs (
    id            BIGSERIAL    PRIMARY KEY,
    site_id       BIGINT       NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    web_server_id BIGINT       NOT NULL,
    node          VARCHAR(200) NOT NULL,
    started_at    TIMESTAMPTZ  NOT NULL,
    lease_until   TIMESTAMPTZ  NOT NULL,
    finished_at   TIMESTAMPTZ,
    result        VARCHAR(20)  NOT NULL DEFAULT 'RUNNING' CHECK (result IN ('RUNNING', 'SUCCESS', 'ERROR')),
    exit_code     INTEGER,
    output        TEXT         NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX site_cron_runs_running_uk ON site_cron_runs (site_id) WHERE finished_at IS NULL;
CREATE INDEX site_cron_runs_site_idx ON site_cron_runs (site_id, started_at DESC, id DESC);
