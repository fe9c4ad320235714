-- The sites list, ordered by domain: its page of ids is read from this index alone (an index-only scan), so the
-- last page of 10,000 sites skips index entries instead of sorting every site row (docs/benchmarks.md#pages).
CREATE INDEX sites_live_domain_id_idx ON sites (domain, id) WHERE status <> 'DELETED';
