package dev.bosun.site;

import static dev.bosun.site.SiteTaskType.BACKUP;
import static dev.bosun.site.SiteTaskType.BACKUP_DELETE;
import static dev.bosun.site.SiteTaskType.CLONE;
import static dev.bosun.site.SiteTaskType.DELETE;
import static dev.bosun.site.SiteTaskType.DISABLE;
import static dev.bosun.site.SiteTaskType.ENABLE;
import static dev.bosun.site.SiteTaskType.INSTALL;
import static dev.bosun.site.SiteTaskType.LOGIN_RESET;
import static dev.bosun.site.SiteTaskType.MIGRATE;
import static dev.bosun.site.SiteTaskType.RESTORE;
import static dev.bosun.site.SiteTaskType.VERIFY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.bosun.settings.Feature;
import dev.bosun.task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SiteTaskRulesTests {

    private final SiteTaskRules rules = new SiteTaskRules();

    /**
     * Every state × "require disable before delete" × feature set × backups, against the
     * brief's state table written out independently here.
     */
    static Stream<Arguments> everyCombination() {
        List<Set<Feature>> featureSets = List.of(EnumSet.noneOf(Feature.class), EnumSet.of(Feature.MIGRATE),
                EnumSet.of(Feature.MIGRATE, Feature.CLONE), EnumSet.of(Feature.BACKUP_MANAGER));
        Stream.Builder<Arguments> cases = Stream.builder();
        for (SiteStatus status : SiteStatus.values()) {
            for (boolean requireDisable : new boolean[] {true, false}) {
                for (Set<Feature> features : featureSets) {
                    for (boolean backups : new boolean[] {true, false}) {
                        cases.add(Arguments.of(status, requireDisable, features, backups,
                                expected(status, requireDisable, features, backups)));
                    }
                }
            }
        }
        return cases.build();
    }

    private static Set<SiteTaskType> expected(SiteStatus status, boolean requireDisable, Set<Feature> features,
                                              boolean backups) {
        return switch (status) {
            case QUEUED -> EnumSet.of(INSTALL, DELETE);
            case DISABLED -> EnumSet.of(ENABLE, DELETE);
            case DELETED -> EnumSet.noneOf(SiteTaskType.class);
            case ENABLED -> {
                Set<SiteTaskType> offered = EnumSet.of(VERIFY, LOGIN_RESET, BACKUP, DISABLE);
                if (backups) {
                    offered.addAll(EnumSet.of(RESTORE, BACKUP_DELETE));
                }
                if (features.contains(Feature.MIGRATE)) {
                    offered.add(MIGRATE);
                }
                if (features.contains(Feature.CLONE)) {
                    offered.add(CLONE);
                }
                if (!requireDisable) {
                    offered.add(DELETE);
                }
                yield offered;
            }
        };
    }

    @ParameterizedTest(name = "{0}, require disable {1}, features {2}, backups {3}")
    @MethodSource("everyCombination")
    void offersTheTasksOfTheStateTable(SiteStatus status, boolean requireDisable, Set<Feature> features,
                                       boolean backups, Set<SiteTaskType> expected) {
        var situation = new SiteTaskRules.Situation(status, Map.of(), backups, requireDisable, features);
        assertThat(rules.buttons(situation)).allMatch(SiteTaskRules.TaskButton::offered)
                .extracting(SiteTaskRules.TaskButton::type).containsExactlyInAnyOrderElementsOf(expected);
        for (SiteTaskType type : SiteTaskType.values()) {
            assertThat(rules.allows(situation, type)).as(type.key()).isEqualTo(expected.contains(type));
        }
    }

    @Test
    void deleteIsOfferedOnlyForDisabledSitesByDefault() {
        var enabled = new SiteTaskRules.Situation(SiteStatus.ENABLED, Map.of(), false, true, Set.of());
        var disabled = new SiteTaskRules.Situation(SiteStatus.DISABLED, Map.of(), false, true, Set.of());
        assertThat(rules.allows(enabled, DELETE)).isFalse();
        assertThat(rules.allows(disabled, DELETE)).isTrue();
    }

    @Test
    void aQueuedOrRunningTaskReplacesItsButtonWithItsStatus() {
        var situation = new SiteTaskRules.Situation(SiteStatus.ENABLED,
                Map.of("backup", TaskStatus.PROCESSING, "verify", TaskStatus.QUEUED), false, true, Set.of());
        assertThat(rules.buttons(situation)).contains(
                new SiteTaskRules.TaskButton(BACKUP, TaskStatus.PROCESSING),
                new SiteTaskRules.TaskButton(VERIFY, TaskStatus.QUEUED),
                new SiteTaskRules.TaskButton(DISABLE, null));
        assertThat(rules.allows(situation, BACKUP)).isFalse();
        assertThat(rules.allows(situation, DISABLE)).isTrue();
    }

    @Test
    void anOutstandingDeleteLeavesNothingElseToDo() {
        var situation = new SiteTaskRules.Situation(SiteStatus.DISABLED, Map.of("delete", TaskStatus.QUEUED), true,
                true, EnumSet.allOf(Feature.class));
        assertThat(rules.buttons(situation)).containsExactly(new SiteTaskRules.TaskButton(DELETE, TaskStatus.QUEUED));
        assertThat(EnumSet.allOf(SiteTaskType.class)).noneMatch(type -> rules.allows(situation, type));
    }

    @Test
    void aSiteThatACloneIsStillMakingOffersNothing() {
        var making = new SiteTaskRules.Situation(SiteStatus.QUEUED, Map.of(), false, false,
                EnumSet.allOf(Feature.class), true);
        var made = new SiteTaskRules.Situation(SiteStatus.QUEUED, Map.of(), false, false,
                EnumSet.allOf(Feature.class), false);
        assertThat(rules.buttons(making)).isEmpty();
        assertThat(EnumSet.allOf(SiteTaskType.class)).noneMatch(type -> rules.allows(making, type));
        assertThat(rules.allows(made, INSTALL)).isTrue();
    }

    @Test
    void dialogTasksAreTheOnesWithAFormOrAConfirmation() {
        assertThat(EnumSet.allOf(SiteTaskType.class).stream().filter(SiteTaskType::dialog))
                .containsExactlyInAnyOrder(BACKUP, RESTORE, DISABLE, DELETE, BACKUP_DELETE, MIGRATE, CLONE);
    }
}
