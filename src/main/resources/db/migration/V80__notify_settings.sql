-- Notifications of failed tasks: mail to the administrators and a signed webhook. One row (id 1);
-- the webhook's signing secret is stored encrypted by the panel's secret box, never in plain text.
CREATE TABLE notify_settings (
    id             SMALLINT     PRIMARY KEY CHECK (id = 1),
    admin_mail     BOOLEAN      NOT NULL DEFAULT FALSE,
    webhook_url    VARCHAR(2000),
    webhook_secret TEXT,
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_by     VARCHAR(100)
);
