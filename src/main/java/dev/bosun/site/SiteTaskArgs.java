package dev.bosun.site;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The arguments of a site task, one record per task type ({@link SiteTaskType#argsType()}). Bound once from
 * the API's JSON or a dialog's form, checked once when queued ({@link SiteTasks#queue}), stored as JSON in
 * the task row under the names the API documents, and read back by the handler as the same record.
 */
public sealed interface SiteTaskArgs {

    /** The tasks that take no arguments: install, verify, login-reset, disable, enable, delete. */
    record None() implements SiteTaskArgs {
    }

    /**
     * {@code {description}}; {@code kind} tells the backup manager's automated backups from the ones asked
     * for (the API and the dialog cannot set it).
     */
    record Backup(String description, Kind kind) implements SiteTaskArgs {

        public enum Kind {
            @JsonProperty("manual") MANUAL,
            @JsonProperty("automated") AUTOMATED
        }

        public Backup {
            description = description == null ? "" : description;
            kind = kind == null ? Kind.MANUAL : kind;
        }

        public Backup(String description) {
            this(description, Kind.MANUAL);
        }
    }

    /** {@code {backupId}}: a backup of the site. */
    record Restore(Long backupId) implements SiteTaskArgs {
    }

    /** {@code {backupIds[]}}: at least one backup of the site, each once. */
    record BackupDelete(List<Long> backupIds) implements SiteTaskArgs {

        public BackupDelete {
            backupIds = backupIds == null ? List.of() : List.copyOf(backupIds);
        }
    }

    /**
     * {@code {domain?, platformId?, dbServerId?}}: what is left out stays as it is; once checked, all three are
     * filled in, so the queued task says exactly what it will do.
     */
    record Migrate(String domain, Long platformId, Long dbServerId) implements SiteTaskArgs {
    }

    /** {@code {domain, platformId, dbServerId, aliases[]}}: the new site. */
    record Clone(String domain, Long platformId, Long dbServerId, List<String> aliases) implements SiteTaskArgs {

        public Clone {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    /** The JSON properties a caller may give for the type (a backup's {@code kind} is not one of them). */
    static List<String> fields(SiteTaskType type) {
        return switch (type) {
            case BACKUP -> List.of("description");
            case RESTORE -> List.of("backupId");
            case BACKUP_DELETE -> List.of("backupIds");
            case MIGRATE -> List.of("domain", "platformId", "dbServerId");
            case CLONE -> List.of("domain", "platformId", "dbServerId", "aliases");
            default -> List.of();
        };
    }
}
