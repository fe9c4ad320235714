-- What the fleet-wide checks read, stored instead of looked up per site on every view (docs/benchmarks.md#pages).

-- site ---------------------------------------------------------------------

-- When the site's newest backup was made (null: it has none). The backup module reports every backup it
-- records or removes (NewestBackupChanged); the dashboard's "no backup in the last week" and the backup
-- manager's due check read it here, one row per site, instead of probing the backups of every site.
ALTER TABLE sites ADD COLUMN last_backup_at TIMESTAMP WITH TIME ZONE;
UPDATE sites s SET last_backup_at = b.newest
FROM (SELECT site_id, max(created_at) AS newest FROM backups GROUP BY site_id) b
WHERE b.site_id = s.id;
-- The enabled sites by the time of their newest backup: the dashboard's stale sites, without reading the others.
CREATE INDEX sites_enabled_last_backup_idx ON sites (last_backup_at NULLS FIRST, domain) WHERE status = 'ENABLED';

-- task ---------------------------------------------------------------------

-- When a task of each type was last queued on each target, written with the task (TaskStore.insert);
-- the backup manager's "last attempt" of every site is one range of this table, not a probe per site into tasks.
CREATE TABLE task_target_types (
    target_type    VARCHAR(20)              NOT NULL,
    type           VARCHAR(50)              NOT NULL,
    target_id      BIGINT                   NOT NULL,
    last_queued_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (target_type, type, target_id)
);
INSERT INTO task_target_types (target_type, type, target_id, last_queued_at)
SELECT target_type, type, target_id, max(created_at) FROM tasks GROUP BY target_type, type, target_id;
