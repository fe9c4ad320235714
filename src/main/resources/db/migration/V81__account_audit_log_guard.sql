-- The audit log is append-only. The application has no update or delete path; this trigger refuses
-- UPDATE always, and DELETE unless the transaction declares itself a retention run with
-- SET LOCAL bosun.audit_retention = 'on' (what a future retention job, or an operator pruning by hand,
-- does on purpose). TRUNCATE is refused too. Indexes serve the audit page's filters, newest (highest id) first.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('bosun.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log entries cannot be changed or deleted (%)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

CREATE INDEX audit_log_user_id_idx ON audit_log (lower(username), id DESC);
CREATE INDEX audit_log_action_id_idx ON audit_log (action varchar_pattern_ops, id DESC);
CREATE INDEX audit_log_target_id_idx ON audit_log (target_type, target_id, id DESC);
