-- Where PHP-FPM listens for the vhosts of an http service: host:port or unix:/path.
ALTER TABLE services ADD COLUMN php_fastcgi VARCHAR(300);
