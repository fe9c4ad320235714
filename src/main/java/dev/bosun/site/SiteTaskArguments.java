package dev.bosun.site;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.bosun.InvalidInputException;
import dev.bosun.InvalidInputException.Violation;
import dev.bosun.account.ClientScope;
import dev.bosun.backup.BackupService;
import dev.bosun.platform.MigrationTarget;
import org.springframework.stereotype.Component;

/**
 * Checks the arguments of a site task once, before it is queued, for the API and the dialogs alike: every
 * violation at once, each on its field. The answer is the record the handler will read (normalized, a
 * migrate's unchanged values filled in).
 */
@Component
class SiteTaskArguments {

    static final int MAX_DESCRIPTION = 500;

    private final BackupService backups;
    private final MoveArguments moves;

    SiteTaskArguments(BackupService backups, MoveArguments moves) {
        this.backups = backups;
        this.moves = moves;
    }

    /**
     * {@code targets} is asked only by migrate and clone, once; {@code scope} limits a client user's choices
     * (platforms, database servers) to those of its own sites, and the answers about taken domains.
     */
    SiteTaskArgs check(SiteSummary site, SiteTaskArgs args, Supplier<List<MigrationTarget>> targets, ClientScope scope) {
        if (args instanceof SiteTaskArgs.Backup backup) {
            return backup(backup);
        }
        if (args instanceof SiteTaskArgs.Restore restore) {
            long id = backupOf(site, restore.backupId(), "backupId");
            backups.find(id).flatMap(BackupService::notRestorable).ifPresent(problem -> {
                throw new InvalidInputException("backupId", problem);
            });
            return new SiteTaskArgs.Restore(id);
        }
        if (args instanceof SiteTaskArgs.BackupDelete delete) {
            return new SiteTaskArgs.BackupDelete(backupsOf(site, delete.backupIds()));
        }
        if (args instanceof SiteTaskArgs.Migrate migrate) {
            return moves.migrate(site, migrate, targets.get(), scope);
        }
        if (args instanceof SiteTaskArgs.Clone clone) {
            return moves.clone(site, clone, targets.get(), scope);
        }
        return args;
    }

    boolean hasBackups(long siteId) {
        return backups.hasBackups(siteId);
    }

    private static SiteTaskArgs.Backup backup(SiteTaskArgs.Backup args) {
        String description = args.description().strip();
        List<Violation> violations = new ArrayList<>();
        if (description.length() > MAX_DESCRIPTION) {
            violations.add(new Violation("description", "At most " + MAX_DESCRIPTION + " characters."));
        }
        if (description.chars().anyMatch(Character::isISOControl)) {
            violations.add(new Violation("description", "Use one line of text, without control characters."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new SiteTaskArgs.Backup(description, args.kind());
    }

    private long backupOf(SiteSummary site, Long id, String field) {
        if (id == null) {
            throw new InvalidInputException(field, "Choose a backup.");
        }
        boolean own = backups.find(id).filter(backup -> backup.siteId() == site.id()).isPresent();
        if (!own) {
            throw new InvalidInputException(field, "There is no backup " + id + " of " + site.domain() + ".");
        }
        return id;
    }

    private List<Long> backupsOf(SiteSummary site, List<Long> ids) {
        if (ids.isEmpty()) {
            throw new InvalidInputException("backupIds", "Choose at least one backup to delete.");
        }
        List<Violation> violations = new ArrayList<>();
        for (Long id : ids.stream().distinct().toList()) {
            try {
                backupOf(site, id, "backupIds");
            } catch (InvalidInputException e) {
                violations.addAll(e.violations());
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return ids.stream().distinct().toList();
    }
}
