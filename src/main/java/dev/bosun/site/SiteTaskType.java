package dev.bosun.site;

import java.util.Arrays;
import java.util.Optional;

/** The tasks a site can be given; {@code dialog} ones ask for arguments or a confirmation first. */
public enum SiteTaskType {
    INSTALL("install", "Install", false, SiteTaskArgs.None.class, "installing", false),
    VERIFY("verify", "Verify", false, SiteTaskArgs.None.class, "verifying", false),
    LOGIN_RESET("login-reset", "Reset password", false, SiteTaskArgs.None.class, "resetting the password", false),
    BACKUP("backup", "Backup", true, SiteTaskArgs.Backup.class, "backing up", false),
    RESTORE("restore", "Restore", true, SiteTaskArgs.Restore.class, "restoring", true),
    BACKUP_DELETE("backup-delete", "Delete backups", true, SiteTaskArgs.BackupDelete.class, "deleting backups", false),
    DISABLE("disable", "Disable", true, SiteTaskArgs.None.class, "disabling", false),
    ENABLE("enable", "Enable", false, SiteTaskArgs.None.class, "enabling", false),
    MIGRATE("migrate", "Migrate", true, SiteTaskArgs.Migrate.class, "migrating", true),
    CLONE("clone", "Clone", true, SiteTaskArgs.Clone.class, "cloning", false),
    DELETE("delete", "Delete", true, SiteTaskArgs.None.class, "deleting", false);

    private final String key;
    private final String label;
    private final boolean dialog;
    private final Class<? extends SiteTaskArgs> argsType;
    private final String doing;
    private final boolean maintenance;

    SiteTaskType(String key, String label, boolean dialog, Class<? extends SiteTaskArgs> argsType, String doing,
                 boolean maintenance) {
        this.key = key;
        this.label = label;
        this.dialog = dialog;
        this.argsType = argsType;
        this.doing = doing;
        this.maintenance = maintenance;
    }

    /** What the site is doing while the task runs ("migrating"). */
    public String doing() {
        return doing;
    }

    /** Whether the site is in maintenance (visitors see the maintenance page) while the task runs. */
    public boolean maintenance() {
        return maintenance;
    }

    /** The type name used in the task table and the API ({@code login-reset}). */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public boolean dialog() {
        return dialog;
    }

    /** The record of the task's arguments ({@link SiteTaskArgs.None} when it takes none). */
    public Class<? extends SiteTaskArgs> argsType() {
        return argsType;
    }

    /**
     * Whether the task changes the site's code, database, files or vhost while it runs: cron waits
     * while one is queued or running (login-reset, backup, backup-delete and clone leave the site as it is).
     */
    public boolean changesSite() {
        return switch (this) {
            case INSTALL, VERIFY, RESTORE, DISABLE, ENABLE, MIGRATE, DELETE -> true;
            case LOGIN_RESET, BACKUP, BACKUP_DELETE, CLONE -> false;
        };
    }

    public static Optional<SiteTaskType> fromKey(String key) {
        return Arrays.stream(values()).filter(type -> type.key.equals(key)).findFirst();
    }
}
