package dev.bosun.site;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bosun.settings.Feature;
import dev.bosun.task.TaskStatus;
import org.springframework.stereotype.Component;

/**
 * The one place that decides which tasks a site offers (the state table of the design brief,
 * after Aegir's hosting_site_hosting_tasks): by the site's state, the settings, the features,
 * whether it has backups, and the tasks already queued or running on it.
 */
@Component
public class SiteTaskRules {

    /**
     * What the rules look at. {@code openTasks}: type key → QUEUED or PROCESSING. {@code beingCreated}: a
     * task on another site is still making this one (a clone); until it ends the site offers nothing.
     */
    public record Situation(SiteStatus status, Map<String, TaskStatus> openTasks, boolean hasBackups,
                            boolean requireDisableBeforeDelete, Set<Feature> features, boolean beingCreated) {

        public Situation(SiteStatus status, Map<String, TaskStatus> openTasks, boolean hasBackups,
                         boolean requireDisableBeforeDelete, Set<Feature> features) {
            this(status, openTasks, hasBackups, requireDisableBeforeDelete, features, false);
        }
    }

    /**
     * A task button: offered ({@code openStatus} null) or replaced by the status of the task of
     * that type that is queued or running.
     */
    public record TaskButton(SiteTaskType type, TaskStatus openStatus) {

        public boolean offered() {
            return openStatus == null;
        }
    }

    /** The buttons in display order: offered tasks and the status of open ones. */
    public List<TaskButton> buttons(Situation situation) {
        List<TaskButton> buttons = new ArrayList<>();
        Set<SiteTaskType> offered = offered(situation);
        for (SiteTaskType type : SiteTaskType.values()) {
            TaskStatus open = situation.openTasks().get(type.key());
            if (open != null) {
                buttons.add(new TaskButton(type, open));
            } else if (offered.contains(type)) {
                buttons.add(new TaskButton(type, null));
            }
        }
        return buttons;
    }

    /** Whether a task of this type may be queued now. */
    public boolean allows(Situation situation, SiteTaskType type) {
        return offered(situation).contains(type) && !situation.openTasks().containsKey(type.key());
    }

    /**
     * Whether the backup manager's retention may queue a backup-delete now. Unlike the button, in
     * every state (a disabled or deleted site's old archives are pruned too: backup-delete touches
     * only the master's files), except while the site is still being made.
     */
    public boolean allowsRetentionDelete(Situation situation) {
        return !situation.beingCreated();
    }

    private static Set<SiteTaskType> offered(Situation situation) {
        if (situation.beingCreated() || situation.openTasks().containsKey(SiteTaskType.DELETE.key())) {
            return EnumSet.noneOf(SiteTaskType.class);
        }
        return switch (situation.status()) {
            case QUEUED -> EnumSet.of(SiteTaskType.INSTALL, SiteTaskType.DELETE);
            case DISABLED -> EnumSet.of(SiteTaskType.ENABLE, SiteTaskType.DELETE);
            case DELETED -> EnumSet.noneOf(SiteTaskType.class);
            case ENABLED -> enabled(situation);
        };
    }

    private static Set<SiteTaskType> enabled(Situation situation) {
        Set<SiteTaskType> types = EnumSet.of(SiteTaskType.VERIFY, SiteTaskType.LOGIN_RESET, SiteTaskType.BACKUP,
                SiteTaskType.DISABLE);
        if (situation.hasBackups()) {
            types.add(SiteTaskType.RESTORE);
            types.add(SiteTaskType.BACKUP_DELETE);
        }
        if (situation.features().contains(Feature.MIGRATE)) {
            types.add(SiteTaskType.MIGRATE);
        }
        if (situation.features().contains(Feature.CLONE)) {
            types.add(SiteTaskType.CLONE);
        }
        if (!situation.requireDisableBeforeDelete()) {
            types.add(SiteTaskType.DELETE);
        }
        return types;
    }
}
