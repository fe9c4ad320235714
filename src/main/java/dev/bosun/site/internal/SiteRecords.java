package dev.bosun.site.internal;

import java.util.List;

import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteSummary;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The panel's own record of where a site lives, as migrate and clone change it: the site row's placement
 * (domain, platform, db service and stored credentials), kept exactly to be put back, and the row of a
 * clone, created first and taken away again when the clone fails.
 */
@Component
class SiteRecords {

    private final JdbcClient jdbc;
    // Looked up when used: the task service collects the handlers, which use these records.
    private final ObjectProvider<TaskService> tasks;

    SiteRecords(JdbcClient jdbc, ObjectProvider<TaskService> tasks) {
        this.jdbc = jdbc;
        this.tasks = tasks;
    }

    /** The columns a migrate changes, as stored (the password still encrypted), to be put back unchanged. */
    record Placement(String domain, long platformId, long dbServiceId, String dbName, String dbUser,
                     String dbPasswordEnc, String loginUrl, boolean loginUrlPending) {
    }

    Placement placement(long siteId) {
        return jdbc.sql("""
                SELECT domain, platform_id, db_service_id, db_name, db_user, db_password_enc, login_url,
                       login_url_pending FROM sites WHERE id = :id""")
                .param("id", siteId)
                .query((rs, n) -> new Placement(rs.getString("domain"), rs.getLong("platform_id"),
                        rs.getLong("db_service_id"), rs.getString("db_name"), rs.getString("db_user"),
                        rs.getString("db_password_enc"), rs.getString("login_url"), rs.getBoolean("login_url_pending")))
                .single();
    }

    /** Writes a placement back as it was read, its tasks listed under its domain again. */
    void restore(long siteId, Placement placement) {
        jdbc.sql("""
                UPDATE sites SET domain = :domain, platform_id = :platform, db_service_id = :db, db_name = :name,
                       db_user = :user, db_password_enc = :password, login_url = :login, login_url_pending = :pending,
                       updated_at = now() WHERE id = :id""")
                .param("domain", placement.domain()).param("platform", placement.platformId())
                .param("db", placement.dbServiceId()).param("name", placement.dbName()).param("user", placement.dbUser())
                .param("password", placement.dbPasswordEnc()).param("login", placement.loginUrl())
                .param("pending", placement.loginUrlPending()).param("id", siteId).update();
        tasks.getObject().relabel(TargetType.SITE, siteId, placement.domain());
    }

    /**
     * Records the site at its new domain, platform and db service, and lists its tasks under the new
     * domain. A login link of the old domain is dropped: it would lead to an address the site no longer answers.
     */
    void move(long siteId, String domain, long platformId, long dbServiceId) {
        jdbc.sql("""
                UPDATE sites SET domain = :domain, platform_id = :platform, db_service_id = :db,
                       login_url = CASE WHEN domain = :domain THEN login_url END,
                       login_url_pending = CASE WHEN domain = :domain THEN login_url_pending ELSE FALSE END,
                       updated_at = now() WHERE id = :id""")
                .param("domain", domain).param("platform", platformId).param("db", dbServiceId).param("id", siteId)
                .update();
        tasks.getObject().relabel(TargetType.SITE, siteId, domain);
    }

    /**
     * A new site for a clone of {@code original}: same client, profile and language, QUEUED until the clone
     * has made it, with its own aliases. The unique index on live domains refuses a domain taken meanwhile.
     */
    long createClone(SiteSummary original, String domain, long platformId, long dbServiceId, List<SiteAlias> aliases) {
        long id = jdbc.sql("""
                INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, language, status)
                VALUES (:domain, :client, :platform, :db, :profile, :language, 'QUEUED') RETURNING id""")
                .param("domain", domain).param("client", original.clientId()).param("platform", platformId)
                .param("db", dbServiceId).param("profile", original.profile()).param("language", original.language())
                .query(Long.class).single();
        for (SiteAlias alias : aliases) {
            jdbc.sql("INSERT INTO site_aliases (site_id, alias, redirect) VALUES (:site, :alias, :redirect)")
                    .param("site", id).param("alias", alias.alias()).param("redirect", alias.redirect()).update();
        }
        return id;
    }

    /** Takes away the row of a clone that failed (its aliases and recorded packages go with it). */
    void removeClone(long siteId) {
        jdbc.sql("DELETE FROM sites WHERE id = :id").param("id", siteId).update();
    }
}
