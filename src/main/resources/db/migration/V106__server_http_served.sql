-- Whether a web server loads the vhosts written for it: false where vhosts are written but nothing serves them
-- (the demo without nginx), so that site tasks do not wait for an answer that cannot come.
ALTER TABLE services ADD COLUMN served BOOLEAN NOT NULL DEFAULT true;
