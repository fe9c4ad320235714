package dev.bosun.site;

import java.util.Arrays;
import java.util.Optional;

/** The tasks a site can be given; {@code dialog} ones ask for arguments or a confirmation first. */
public enum SiteTaskType {
    INSTALL("install", "Install", false, SiteTaskArgs.None.class),
    VERIFY("verify", "Verify", false, SiteTaskArgs.None.class),
    LOGIN_RESET("login-reset", "Reset password", false, SiteTaskArgs.None.class),
    BACKUP("backup", "Backup", true, SiteTaskArgs.Backup.class),
    RESTORE("restore", "Restore", true, SiteTaskArgs.Restore.class),
    BACKUP_DELETE("backup-delete", "Delete backups", true, SiteTaskArgs.BackupDelete.class),
    DISABLE("disable", "Disable", true, SiteTaskArgs.None.class),
    ENABLE("enable", "Enable", false, SiteTaskArgs.None.class),
    MIGRATE("migrate", "Migrate", true, SiteTaskArgs.Migrate.class),
    CLONE("clone", "Clone", true, SiteTaskArgs.Clone.class),
    DELETE("delete", "Delete", true, SiteTaskArgs.None.class);

    private final String key;
    private final String label;
    private final boolean dialog;
    private final Class<? extends SiteTaskArgs> argsType;

    SiteTaskType(String key, String label, boolean dialog, Class<? extends SiteTaskArgs> argsType) {
        this.key = key;
        this.label = label;
        this.dialog = dialog;
        this.argsType = argsType;
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
