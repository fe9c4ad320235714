-- HTTPS on web services (docs/https.md): the port TLS vhosts listen on, and the folder on the web server
-- where Bosun puts certificates (0600) and answers ACME HTTP-01 challenges (NULL: "bosun-tls" beside the
-- vhost folder).
ALTER TABLE services ADD COLUMN https_port INTEGER NOT NULL DEFAULT 443 CHECK (https_port BETWEEN 1 AND 65535);
ALTER TABLE services ADD COLUMN tls_dir VARCHAR(1000);
