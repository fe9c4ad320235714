-- task: what the task lists need at fleet size (a million tasks), each filter walked in list order
-- through an index and stopped at the page's end (docs/benchmarks.md#pages, ADR 0028).

-- "Recently finished" (dashboard, /tasks): the newest ends first, without sorting every finished task.
CREATE INDEX tasks_recent_finished_idx ON tasks (finished_at DESC NULLS LAST, id DESC)
    WHERE status NOT IN ('QUEUED', 'PROCESSING');

-- A site's tasks newest first (/tasks?siteId=, a site's history); replaces (site_id, created_at DESC),
-- which left the order among equal times to a sort.
CREATE INDEX tasks_site_created_idx ON tasks (site_id, created_at DESC, id DESC) WHERE site_id IS NOT NULL;
DROP INDEX tasks_site_idx;

-- The latest task of a type on a target: the backup manager's due check (last backup queued per site),
-- the last verify per site and platform, a target's history.
CREATE INDEX tasks_target_created_idx ON tasks (target_type, target_id, type, created_at DESC, id DESC);
CREATE INDEX tasks_target_finished_idx ON tasks (target_type, target_id, type, finished_at DESC NULLS LAST, id DESC)
    WHERE status IN ('SUCCESS', 'WARNING', 'ERROR');
DROP INDEX tasks_target_idx;

-- The label of each target tasks were queued on, one row per target (the newest label), so that the site
-- search of the task list finds the targets in a table of the fleet's size and then their tasks by index,
-- instead of matching the label of every task.
CREATE TABLE task_targets (
    target_type VARCHAR(20)  NOT NULL,
    target_id   BIGINT       NOT NULL,
    label       VARCHAR(253) NOT NULL,
    PRIMARY KEY (target_type, target_id)
);
INSERT INTO task_targets (target_type, target_id, label)
SELECT DISTINCT ON (target_type, target_id) target_type, target_id, target_label
FROM tasks WHERE target_label IS NOT NULL
ORDER BY target_type, target_id, id DESC;

-- A target's tasks in list order (the site search, the target's history).
CREATE INDEX tasks_target_list_idx ON tasks (target_type, target_id, created_at DESC, id DESC);
