-- "Migrate all sites" of a platform: one migrate task per site, and what became of each.
CREATE TABLE fleet_migrations (
    id                 BIGSERIAL PRIMARY KEY,
    platform_id        BIGINT      NOT NULL REFERENCES platforms (id),
    target_platform_id BIGINT      NOT NULL REFERENCES platforms (id),
    requested_by       TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX fleet_migrations_platform ON fleet_migrations (platform_id, created_at DESC);

CREATE TABLE fleet_migration_sites (
    migration_id BIGINT NOT NULL REFERENCES fleet_migrations (id) ON DELETE CASCADE,
    site_id      BIGINT NOT NULL REFERENCES sites (id),
    domain       TEXT   NOT NULL,
    task_id      BIGINT REFERENCES tasks (id),
    refused      TEXT,
    PRIMARY KEY (migration_id, site_id),
    CHECK ((task_id IS NULL) <> (refused IS NULL))
);
