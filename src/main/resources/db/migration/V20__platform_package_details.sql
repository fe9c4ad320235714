-- platform: what the verify scan records beyond version and schema.
-- title: the human name from *.info.yml; hidden: info.yml "hidden: true" (e.g. the testing profile),
-- which install forms do not offer.
ALTER TABLE platform_packages ADD COLUMN title VARCHAR(200);
ALTER TABLE platform_packages ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT FALSE;

-- Which platforms and sites have a package: the comparison and the package pages look packages up by id.
CREATE INDEX platform_packages_package_idx ON platform_packages (package_id);
CREATE INDEX site_packages_package_idx ON site_packages (package_id);
