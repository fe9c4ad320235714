-- Bosun core schema: the tables every module starts from.
-- Status columns hold the enum names of the Java model (Aegir's vocabulary).
-- Secrets are stored encrypted by the application (columns *_enc).

-- account ------------------------------------------------------------------

CREATE TABLE clients (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    email       VARCHAR(320),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX clients_name_uk ON clients (lower(name));

CREATE TABLE users (
    id                  BIGSERIAL PRIMARY KEY,
    username            VARCHAR(100) NOT NULL,
    password_hash       VARCHAR(200) NOT NULL,
    role                VARCHAR(20)  NOT NULL CHECK (role IN ('ADMIN', 'OPERATOR', 'CLIENT')),
    email               VARCHAR(320),
    enabled             BOOLEAN      NOT NULL DEFAULT TRUE,
    password_changed_at TIMESTAMPTZ,
    last_login_at       TIMESTAMPTZ,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_uk ON users (lower(username));

-- A CLIENT user sees the sites of the clients it is linked to.
CREATE TABLE client_users (
    client_id BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (client_id, user_id)
);
CREATE INDEX client_users_user_idx ON client_users (user_id);

CREATE TABLE api_tokens (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         VARCHAR(100) NOT NULL,
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    username    VARCHAR(100),
    action      VARCHAR(100) NOT NULL,
    target_type VARCHAR(50),
    target_id   BIGINT,
    details     TEXT,
    remote_addr VARCHAR(64)
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);

-- settings -----------------------------------------------------------------

CREATE TABLE settings (
    name       VARCHAR(100) PRIMARY KEY,
    value      TEXT         NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_by VARCHAR(100)
);

CREATE TABLE features (
    name       VARCHAR(100) PRIMARY KEY,
    enabled    BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_by VARCHAR(100)
);

-- server -------------------------------------------------------------------

CREATE TABLE servers (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    hostname    VARCHAR(253) NOT NULL,
    port        INTEGER      NOT NULL DEFAULT 22 CHECK (port BETWEEN 1 AND 65535),
    ssh_user    VARCHAR(64),
    master      BOOLEAN      NOT NULL DEFAULT FALSE,
    status      VARCHAR(20)  NOT NULL DEFAULT 'QUEUED',
    host_key    TEXT,
    verified_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX servers_name_uk ON servers (lower(name));
-- At most one local master server.
CREATE UNIQUE INDEX servers_master_uk ON servers (master) WHERE master;

-- A service is http (nginx, apache) or db (mariadb, mysql, postgresql) on a server.
CREATE TABLE services (
    id                 BIGSERIAL PRIMARY KEY,
    server_id          BIGINT       NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    kind               VARCHAR(10)  NOT NULL CHECK (kind IN ('http', 'db')),
    type               VARCHAR(20)  NOT NULL,
    host               VARCHAR(253),
    port               INTEGER      CHECK (port BETWEEN 1 AND 65535),
    admin_user         VARCHAR(100),
    admin_password_enc TEXT,
    vhost_dir          VARCHAR(1000),
    config_test_cmd    VARCHAR(1000),
    reload_cmd         VARCHAR(1000),
    options            TEXT,
    status             VARCHAR(20)  NOT NULL DEFAULT 'QUEUED',
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (server_id, kind)
);

-- platform -----------------------------------------------------------------

CREATE TABLE platforms (
    id           BIGSERIAL PRIMARY KEY,
    name         VARCHAR(100)  NOT NULL,
    server_id    BIGINT        NOT NULL REFERENCES servers (id),
    root_path    VARCHAR(1000) NOT NULL,
    docroot      VARCHAR(100)  NOT NULL DEFAULT 'web',
    drush_path   VARCHAR(200)  NOT NULL DEFAULT 'vendor/bin/drush',
    status       VARCHAR(20)   NOT NULL DEFAULT 'QUEUED',
    core_version VARCHAR(50),
    verified_at  TIMESTAMPTZ,
    created_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX platforms_name_uk ON platforms (lower(name)) WHERE status <> 'DELETED';
CREATE INDEX platforms_server_idx ON platforms (server_id);

-- A package is a module, theme, profile or core, known by name and type.
CREATE TABLE packages (
    id   BIGSERIAL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    type VARCHAR(20)  NOT NULL CHECK (type IN ('core', 'profile', 'module', 'theme')),
    UNIQUE (name, type)
);

-- A release of a package found on a platform by the verify scan.
CREATE TABLE platform_packages (
    id             BIGSERIAL PRIMARY KEY,
    platform_id    BIGINT        NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
    package_id     BIGINT        NOT NULL REFERENCES packages (id),
    version        VARCHAR(100),
    schema_version INTEGER,
    path           VARCHAR(1000),
    UNIQUE (platform_id, package_id)
);

-- Languages a platform offers for an install profile ('*' when for all).
CREATE TABLE platform_languages (
    platform_id BIGINT      NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
    profile     VARCHAR(200) NOT NULL DEFAULT '*',
    langcode    VARCHAR(20) NOT NULL,
    PRIMARY KEY (platform_id, profile, langcode)
);

-- site ---------------------------------------------------------------------

CREATE TABLE sites (
    id                 BIGSERIAL PRIMARY KEY,
    domain             VARCHAR(253) NOT NULL,
    client_id          BIGINT       NOT NULL REFERENCES clients (id),
    platform_id        BIGINT       NOT NULL REFERENCES platforms (id),
    db_service_id      BIGINT       NOT NULL REFERENCES services (id),
    profile            VARCHAR(200) NOT NULL,
    language           VARCHAR(20)  NOT NULL DEFAULT 'en',
    status             VARCHAR(20)  NOT NULL DEFAULT 'QUEUED',
    db_name            VARCHAR(64),
    db_user            VARCHAR(64),
    db_password_enc    TEXT,
    login_url          TEXT,
    login_url_pending  BOOLEAN      NOT NULL DEFAULT FALSE,
    maintenance        BOOLEAN      NOT NULL DEFAULT FALSE,
    installed_at       TIMESTAMPTZ,
    deleted_at         TIMESTAMPTZ,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT now()
);
-- A domain is unique among the sites that are not deleted.
CREATE UNIQUE INDEX sites_domain_uk ON sites (domain) WHERE status <> 'DELETED';
CREATE INDEX sites_client_idx ON sites (client_id);
CREATE INDEX sites_platform_idx ON sites (platform_id);
CREATE INDEX sites_status_idx ON sites (status);

CREATE TABLE site_aliases (
    id       BIGSERIAL PRIMARY KEY,
    site_id  BIGINT       NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    alias    VARCHAR(253) NOT NULL,
    redirect BOOLEAN      NOT NULL DEFAULT FALSE,
    UNIQUE (site_id, alias)
);
CREATE INDEX site_aliases_alias_idx ON site_aliases (alias);

-- Packages installed on a site, with the schema the site's database is at.
CREATE TABLE site_packages (
    site_id        BIGINT  NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    package_id     BIGINT  NOT NULL REFERENCES packages (id),
    version        VARCHAR(100),
    schema_version INTEGER,
    enabled        BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (site_id, package_id)
);

-- task ---------------------------------------------------------------------

-- The tasks table is the queue: queueing inserts a row, dispatchers claim rows
-- with SELECT ... FOR UPDATE SKIP LOCKED and hold them under a lease.
CREATE TABLE tasks (
    id               BIGSERIAL PRIMARY KEY,
    type             VARCHAR(50)  NOT NULL,
    target_type      VARCHAR(20)  NOT NULL CHECK (target_type IN ('SITE', 'PLATFORM', 'SERVER')),
    target_id        BIGINT       NOT NULL,
    site_id          BIGINT,
    server_id        BIGINT,
    args             TEXT         NOT NULL DEFAULT '{}',
    status           VARCHAR(20)  NOT NULL DEFAULT 'QUEUED',
    requested_by     VARCHAR(100),
    attempt          INTEGER      NOT NULL DEFAULT 0,
    lease_owner      VARCHAR(200),
    lease_expires_at TIMESTAMPTZ,
    current_step     VARCHAR(100),
    summary          TEXT,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ
);
CREATE INDEX tasks_queued_idx ON tasks (created_at, id) WHERE status = 'QUEUED';
CREATE INDEX tasks_processing_idx ON tasks (lease_expires_at) WHERE status = 'PROCESSING';
CREATE INDEX tasks_site_idx ON tasks (site_id, created_at DESC);
CREATE INDEX tasks_target_idx ON tasks (target_type, target_id, type);
CREATE INDEX tasks_created_idx ON tasks (created_at DESC, id DESC);
-- While a task of a type is queued or running for a target, queueing it again returns it.
CREATE UNIQUE INDEX tasks_open_uk ON tasks (target_type, target_id, type)
    WHERE status IN ('QUEUED', 'PROCESSING');

-- The named steps of a task, in order, with their outcome and whether an undo was registered.
CREATE TABLE task_steps (
    task_id     BIGINT       NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    seq         INTEGER      NOT NULL,
    name        VARCHAR(100) NOT NULL,
    status      VARCHAR(20)  NOT NULL,
    has_undo    BOOLEAN      NOT NULL DEFAULT FALSE,
    started_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    PRIMARY KEY (task_id, seq)
);

CREATE TABLE task_log (
    id      BIGSERIAL PRIMARY KEY,
    task_id BIGINT       NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    seq     INTEGER      NOT NULL,
    at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    level   VARCHAR(10)  NOT NULL CHECK (level IN ('INFO', 'OK', 'WARNING', 'ERROR', 'OUTPUT')),
    step    VARCHAR(100),
    message TEXT         NOT NULL,
    UNIQUE (task_id, seq)
);

-- backup -------------------------------------------------------------------

CREATE TABLE backups (
    id          BIGSERIAL PRIMARY KEY,
    site_id     BIGINT        NOT NULL REFERENCES sites (id),
    task_id     BIGINT        REFERENCES tasks (id) ON DELETE SET NULL,
    path        VARCHAR(1000) NOT NULL,
    size_bytes  BIGINT        NOT NULL,
    sha256      CHAR(64)      NOT NULL,
    description VARCHAR(500)  NOT NULL,
    format      VARCHAR(20)   NOT NULL DEFAULT 'tar.gz',
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX backups_site_idx ON backups (site_id, created_at DESC);
