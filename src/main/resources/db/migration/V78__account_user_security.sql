-- Users managed by administrators: one-time password reset links, an optional TOTP second factor
-- (the secret encrypted by the panel's secret key) and its single-use recovery codes.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMPTZ;
-- The last 30-second time step whose code was accepted: a code is never accepted twice.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

CREATE TABLE password_reset_links (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE UNIQUE INDEX password_reset_links_token_uk ON password_reset_links (token_hash);

CREATE TABLE recovery_codes (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   VARCHAR(200) NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id);
