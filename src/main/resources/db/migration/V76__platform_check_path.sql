-- The page a site task asks each site of the platform for, with the site's host name, to confirm that it
-- serves (2xx or 3xx expected): the front page unless the platform's sites answer elsewhere.
ALTER TABLE platforms ADD COLUMN check_path VARCHAR(200) NOT NULL DEFAULT '/';
