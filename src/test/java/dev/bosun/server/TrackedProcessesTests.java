package dev.bosun.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** The tags of a task's processes: they name the panel and the task, and a task's id is read back from them. */
class TrackedProcessesTests {

    @Test
    void aTaskTagNamesThePanelAndTheTask() {
        assertThat(TrackedProcesses.taskTag("3f9a0c21b7", 42)).isEqualTo("task-3f9a0c21b7-42");
        assertThat(TrackedProcesses.taskTag("0123456789ab", Long.MAX_VALUE))
                .isEqualTo("task-0123456789ab-" + Long.MAX_VALUE)
                .satisfies(tag -> assertThat(TrackedProcesses.requireTag(tag)).isEqualTo(tag));
    }

    @Test
    void theSameTaskOfTwoPanelsHasTwoTags() {
        assertThat(TrackedProcesses.taskTag("aaaaaaaa11", 7)).isNotEqualTo(TrackedProcesses.taskTag("bbbbbbbb22", 7))
                .isNotEqualTo(TrackedProcesses.legacyTaskTag(7));
    }

    @Test
    void aTakeoverStopsTheTasksTagThenTheLegacyTag() {
        assertThat(TrackedProcesses.taskTags("3f9a0c21b7", 42)).containsExactly("task-3f9a0c21b7-42", "task-42");
    }

    @Test
    void theTaskIsReadBackFromANewOrALegacyTag() {
        assertThat(TrackedProcesses.taskOf("task-3f9a0c21b7-42")).isEqualTo(OptionalLong.of(42));
        assertThat(TrackedProcesses.taskOf("task-12345678-9")).isEqualTo(OptionalLong.of(9));
        assertThat(TrackedProcesses.taskOf(TrackedProcesses.taskTag("0123456789ab", Long.MAX_VALUE)))
                .isEqualTo(OptionalLong.of(Long.MAX_VALUE));
        assertThat(TrackedProcesses.taskOf("task-42")).isEqualTo(OptionalLong.of(42));
    }

    @Test
    void otherTagsNameNoTask() {
        assertThat(TrackedProcesses.taskOf((String) null)).isEmpty();
        assertThat(TrackedProcesses.taskOf("test-3f9a0c21b7")).isEmpty();
        assertThat(TrackedProcesses.taskOf("task-3f9a0c21b7")).as("a panel id, no task").isEmpty();
        assertThat(TrackedProcesses.taskOf("task-short-42")).as("a panel id too short").isEmpty();
        assertThat(TrackedProcesses.taskOf("task-3f9a0c21b7-")).isEmpty();
        assertThat(TrackedProcesses.taskOf("task-3f9a0c21b7-42-1")).isEmpty();
        assertThat(TrackedProcesses.taskOf("task-3f9a0c21b7-9223372036854775808")).as("beyond a long").isEmpty();
    }

    @Test
    void theTaskOfATrackedShell() {
        Shell local = new dev.bosun.server.internal.LocalShell("master");

        assertThat(TrackedProcesses.taskOf(TrackedShell.of(local, TrackedProcesses.taskTag("3f9a0c21b7", 42))))
                .isEqualTo(OptionalLong.of(42));
        assertThat(TrackedProcesses.taskOf(local)).isEmpty();
    }

    @Test
    void aPanelIdIsEightToTwelveLowercaseLettersAndDigits() {
        assertThat(TrackedProcesses.requirePanelId("abcdef12")).isEqualTo("abcdef12");
        for (String bad : new String[] {null, "", "abc1234", "abcdef1234567", "ABCDEF12", "abcd-f12", "abcdef1 "}) {
            assertThatThrownBy(() -> TrackedProcesses.taskTag(bad, 1)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a panel id");
        }
    }
}
