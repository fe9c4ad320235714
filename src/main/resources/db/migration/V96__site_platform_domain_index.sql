-- site: a platform's page lists its live sites by domain, a page at a time (ADR 0028).
CREATE INDEX sites_platform_domain_idx ON sites (platform_id, domain) WHERE status <> 'DELETED';
