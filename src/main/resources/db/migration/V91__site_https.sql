-- HTTPS per site (docs/https.md): the site's mode, its certificate (from an ACME CA or uploaded) with the
-- state of its renewal, and the panel's ACME accounts. Private keys are stored encrypted (SecretBox).

ALTER TABLE sites ADD COLUMN https_mode VARCHAR(10) NOT NULL DEFAULT 'OFF'
    CHECK (https_mode IN ('OFF', 'ON', 'REQUIRED'));
ALTER TABLE sites ADD COLUMN https_hsts BOOLEAN NOT NULL DEFAULT false;

-- The site's current certificate. names: the DNS names it covers, space-separated.
CREATE TABLE site_certificates (
    site_id          BIGINT       PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    source           VARCHAR(10)  NOT NULL CHECK (source IN ('ACME', 'UPLOADED')),
    certificate_pem  TEXT         NOT NULL,
    key_enc          TEXT         NOT NULL,
    names            TEXT         NOT NULL,
    issuer           VARCHAR(500) NOT NULL,
    serial           VARCHAR(100) NOT NULL,
    not_before       TIMESTAMPTZ  NOT NULL,
    not_after        TIMESTAMPTZ  NOT NULL,
    -- when the renewal job first asks for a new one (ACME only): expiry - renew-before - the site's slot of the day
    renew_after      TIMESTAMPTZ,
    issued_at        TIMESTAMPTZ  NOT NULL
);

-- The last attempt to get a certificate for the site, and the back-off after failures. Kept apart from the
-- certificate: a site that never got one still has attempts.
CREATE TABLE site_certificate_attempts (
    site_id          BIGINT       PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    attempted_at     TIMESTAMPTZ  NOT NULL,
    result           VARCHAR(10)  NOT NULL CHECK (result IN ('SUCCESS', 'ERROR')),
    message          TEXT         NOT NULL DEFAULT '',
    failures         INTEGER      NOT NULL DEFAULT 0,
    -- the renewal job leaves the site alone until then (a queued renewal, or the back-off after a failure)
    next_attempt_at  TIMESTAMPTZ
);

-- One ACME account per directory URL.
CREATE TABLE site_acme_accounts (
    directory_url    VARCHAR(1000) PRIMARY KEY,
    account_url      VARCHAR(1000) NOT NULL,
    key_enc          TEXT          NOT NULL,
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX site_certificates_renew_idx ON site_certificates (renew_after);
