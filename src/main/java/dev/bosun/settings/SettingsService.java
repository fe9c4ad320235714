package dev.bosun.settings;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.bosun.account.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Feature switches and panel settings, stored in the database so every node sees the same. */
@Service
public class SettingsService {

    static final String REQUIRE_DISABLE_BEFORE_DELETE = "site.require_disable_before_delete";
    static final String CLIENT_TASK_TYPES = "site.client_task_types";

    /**
     * The site task types (their keys) an administrator may let client users run, in page order;
     * install is never one, it is queued by whoever creates the site.
     */
    public static final List<String> CLIENT_TASK_CHOICES = List.of("verify", "login-reset", "backup", "restore",
            "backup-delete", "disable", "enable", "migrate", "clone", "delete");

    /** What client users may run when no administrator has chosen. */
    public static final Set<String> DEFAULT_CLIENT_TASK_TYPES = Set.of("login-reset", "backup", "verify");

    private final JdbcClient jdbc;
    private final AuditLog auditLog;
    private final Clock clock;

    SettingsService(JdbcClient jdbc, AuditLog auditLog, Clock clock) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public boolean isEnabled(Feature feature) {
        return jdbc.sql("SELECT enabled FROM features WHERE name = :name").param("name", feature.key())
                .query(Boolean.class).optional().orElse(false);
    }

    @Transactional(readOnly = true)
    public Set<Feature> enabledFeatures() {
        Set<Feature> enabled = EnumSet.noneOf(Feature.class);
        for (Feature feature : Feature.values()) {
            if (isEnabled(feature)) {
                enabled.add(feature);
            }
        }
        return enabled;
    }

    /**
     * Switches features; Clone needs Migrate, so turning Clone on turns Migrate on and turning
     * Migrate off turns Clone off.
     */
    @Transactional
    public Set<Feature> setFeatures(Set<Feature> wanted) {
        Set<Feature> target = EnumSet.noneOf(Feature.class);
        target.addAll(wanted);
        if (target.contains(Feature.CLONE)) {
            target.add(Feature.MIGRATE);
        }
        Map<Feature, Boolean> changes = new EnumMap<>(Feature.class);
        for (Feature feature : Feature.values()) {
            boolean on = target.contains(feature);
            if (on != isEnabled(feature)) {
                changes.put(feature, on);
            }
        }
        changes.forEach(this::store);
        return target;
    }

    @Transactional
    public void setFeature(Feature feature, boolean enabled) {
        Set<Feature> wanted = enabledFeatures();
        if (enabled) {
            wanted.add(feature);
        } else {
            wanted.remove(feature);
            if (feature == Feature.MIGRATE) {
                wanted.remove(Feature.CLONE);
            }
        }
        setFeatures(wanted);
    }

    @Transactional(readOnly = true)
    public SiteSettings siteSettings() {
        return new SiteSettings(bool(REQUIRE_DISABLE_BEFORE_DELETE, true));
    }

    @Transactional
    public void updateSiteSettings(SiteSettings settings) {
        if (settings.requireDisableBeforeDelete() != siteSettings().requireDisableBeforeDelete()) {
            put(REQUIRE_DISABLE_BEFORE_DELETE, Boolean.toString(settings.requireDisableBeforeDelete()));
            auditLog.record("settings.update", "setting", null,
                    "Require site to be disabled before deletion: " + onOff(settings.requireDisableBeforeDelete()));
        }
    }

    /** The site task types (keys) client users may run; never install. */
    @Transactional(readOnly = true)
    public Set<String> clientTaskTypes() {
        return jdbc.sql("SELECT value FROM settings WHERE name = :name").param("name", CLIENT_TASK_TYPES)
                .query(String.class).optional().map(SettingsService::keys).orElse(DEFAULT_CLIENT_TASK_TYPES);
    }

    /** Stores the task types client users may run, keeping only the {@link #CLIENT_TASK_CHOICES}. */
    @Transactional
    public void updateClientTaskTypes(Set<String> wanted) {
        Set<String> chosen = new LinkedHashSet<>(CLIENT_TASK_CHOICES);
        chosen.retainAll(wanted);
        if (!chosen.equals(clientTaskTypes())) {
            put(CLIENT_TASK_TYPES, String.join(",", chosen));
            auditLog.record("settings.update", "setting", null, "Tasks clients may run: "
                    + (chosen.isEmpty() ? "none" : String.join(", ", chosen)));
        }
    }

    private static Set<String> keys(String stored) {
        Set<String> keys = new LinkedHashSet<>();
        for (String key : stored.split(",")) {
            if (CLIENT_TASK_CHOICES.contains(key.trim())) {
                keys.add(key.trim());
            }
        }
        return Set.copyOf(keys);
    }

    /** A whole-number setting (up to six digits), if one is stored. */
    @Transactional(readOnly = true)
    public Optional<Integer> number(String name) {
        return jdbc.sql("SELECT value FROM settings WHERE name = :name").param("name", name)
                .query(String.class).optional().map(String::trim).filter(v -> v.matches("\\d{1,6}"))
                .map(Integer::valueOf);
    }

    private void store(Feature feature, boolean enabled) {
        jdbc.sql("""
                INSERT INTO features (name, enabled, updated_at, updated_by) VALUES (:name, :enabled, :now, :by)
                ON CONFLICT (name) DO UPDATE SET enabled = :enabled, updated_at = :now, updated_by = :by""")
                .param("name", feature.key()).param("enabled", enabled)
                .param("now", Timestamp.from(clock.instant())).param("by", AuditLog.currentUsername())
                .update();
        auditLog.record("feature." + (enabled ? "enable" : "disable"), "feature", null, feature.label());
    }

    private boolean bool(String name, boolean fallback) {
        return jdbc.sql("SELECT value FROM settings WHERE name = :name").param("name", name)
                .query(String.class).optional().map(Boolean::parseBoolean).orElse(fallback);
    }

    private void put(String name, String value) {
        jdbc.sql("""
                INSERT INTO settings (name, value, updated_at, updated_by) VALUES (:name, :value, :now, :by)
                ON CONFLICT (name) DO UPDATE SET value = :value, updated_at = :now, updated_by = :by""")
                .param("name", name).param("value", value)
                .param("now", Timestamp.from(clock.instant())).param("by", AuditLog.currentUsername())
                .update();
    }

    private static String onOff(boolean value) {
        return value ? "on" : "off";
    }
}
