package dev.bosun.settings;

/** Optional parts of the panel an administrator switches on under Admin → Features. */
public enum Feature {
    MIGRATE("Migrate", "Move sites to another platform, database server or domain, with rollback on failure."),
    CLONE("Clone", "Copy a site to a new domain, platform or database server. Turning Clone on turns Migrate on."),
    BACKUP_MANAGER("Backup manager", "Scheduled backups for all sites, a backup window and retention rules.");

    private final String label;
    private final String description;

    Feature(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The name stored in the features table. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
