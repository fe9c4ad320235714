-- task: what a task is listed by, stored when it is queued, so that the task lists read no other
-- module's tables: the label of its target (the site's domain, the platform's or server's name)
-- and the client whose users may see it (site tasks only).
ALTER TABLE tasks ADD COLUMN target_label VARCHAR(253);
ALTER TABLE tasks ADD COLUMN client_id BIGINT;

UPDATE tasks t SET target_label = s.domain, client_id = s.client_id
FROM sites s WHERE t.target_type = 'SITE' AND s.id = t.target_id;
UPDATE tasks t SET target_label = p.name
FROM platforms p WHERE t.target_type = 'PLATFORM' AND p.id = t.target_id;
UPDATE tasks t SET target_label = v.name
FROM servers v WHERE t.target_type = 'SERVER' AND v.id = t.target_id;

-- A client user's task list.
CREATE INDEX tasks_client_created_idx ON tasks (client_id, created_at DESC, id DESC) WHERE client_id IS NOT NULL;
