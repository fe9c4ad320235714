package dev.bosun.site;

import java.util.Arrays;
import java.util.Optional;

/** The tasks a site can be given; {@code dialog} ones ask for arguments or a confirmation first. */
public enum SiteTaskType {
    INSTALL("install", "Install", false),
    VERIFY("verify", "Verify", false),
    LOGIN_RESET("login-reset", "Reset password", false),
    BACKUP("backup", "Backup", true),
    RESTORE("restore", "Restore", true),
    BACKUP_DELETE("backup-delete", "Delete backups", true),
    DISABLE("disable", "Disable", true),
    ENABLE("enable", "Enable", false),
    MIGRATE("migrate", "Migrate", true),
    CLONE("clone", "Clone", true),
    DELETE("delete", "Delete", true);

    private final String key;
    private final String label;
    private final boolean dialog;

    SiteTaskType(String key, String label, boolean dialog) {
        this.key = key;
        this.label = label;
        this.dialog = dialog;
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

    public static Optional<SiteTaskType> fromKey(String key) {
        return Arrays.stream(values()).filter(type -> type.key.equals(key)).findFirst();
    }
}
