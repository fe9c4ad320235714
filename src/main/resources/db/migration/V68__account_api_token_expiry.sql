-- API tokens expire: every token gets a bounded lifetime, chosen at creation (90 days by default).
-- Tokens created before expiry existed get the default lifetime from their creation.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMPTZ;
UPDATE api_tokens SET expires_at = created_at + INTERVAL '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
