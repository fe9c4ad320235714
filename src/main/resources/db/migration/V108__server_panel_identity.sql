-- The identity of this panel installation, one row (id 1): a random id the first node that needs it stores
-- (ProcessTags, INSERT ... ON CONFLICT DO NOTHING, then every node reads the row). The tags of the processes
-- a task starts on servers name it (task-<panel id>-<task id> under $HOME/.bosun/run/), so that a panel with
-- its own database that manages the same servers never stops this panel's processes (docs/adr/0034).
CREATE TABLE panel_identity (
    id         SMALLINT     PRIMARY KEY CHECK (id = 1),
    panel_id   VARCHAR(12)  NOT NULL CHECK (panel_id ~ '^[a-z0-9]{8,12}$'),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
