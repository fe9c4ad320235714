package dev.bosun.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bosun.InvalidInputException;
import dev.bosun.backup.BackupService;
import org.springframework.stereotype.Component;

/** Checks the arguments of a site task before it is queued (the brief's {@code args} per type). */
@Component
class SiteTaskArguments {

    static final int MAX_DESCRIPTION = 500;

    private final BackupService backups;
    private final MoveArguments moves;

    SiteTaskArguments(BackupService backups, MoveArguments moves) {
        this.backups = backups;
        this.moves = moves;
    }

    Map<String, Object> check(SiteSummary site, SiteTaskType type, Map<String, Object> args) {
        return switch (type) {
            case BACKUP -> backup(args);
            case RESTORE -> Map.of("backupId", backupOf(site, args.get("backupId"), "backupId"));
            case BACKUP_DELETE -> Map.of("backupIds", backupsOf(site, args.get("backupIds")));
            case MIGRATE -> moves.migrate(site, args);
            case CLONE -> moves.clone(site, args);
            default -> none(type, args);
        };
    }

    boolean hasBackups(long siteId) {
        return backups.hasBackups(siteId);
    }

    private static Map<String, Object> backup(Map<String, Object> args) {
        Object value = args.get("description");
        String description = value == null ? "" : value.toString().strip();
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("description", "At most " + MAX_DESCRIPTION + " characters.");
        }
        if (description.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new InvalidInputException("description", "Use one line of text, without control characters.");
        }
        return Map.of("description", description);
    }

    private long backupOf(SiteSummary site, Object value, String field) {
        long id = number(value, field, "Choose a backup.");
        boolean own = backups.find(id).filter(backup -> backup.siteId() == site.id()).isPresent();
        if (!own) {
            throw new InvalidInputException(field, "There is no backup " + id + " of " + site.domain() + ".");
        }
        return id;
    }

    private List<Long> backupsOf(SiteSummary site, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidInputException("backupIds", "Choose at least one backup to delete.");
        }
        List<Long> ids = new ArrayList<>();
        for (Object item : list) {
            ids.add(backupOf(site, item, "backupIds"));
        }
        return ids.stream().distinct().toList();
    }

    private static long number(Object value, String field, String missing) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text && text.strip().matches("\\d{1,18}")) {
            return Long.parseLong(text.strip());
        }
        throw new InvalidInputException(field, missing);
    }

    private static Map<String, Object> none(SiteTaskType type, Map<String, Object> args) {
        if (!args.isEmpty()) {
            throw new InvalidInputException("args", "The task " + type.key() + " takes no arguments.");
        }
        return Map.of();
    }
}
