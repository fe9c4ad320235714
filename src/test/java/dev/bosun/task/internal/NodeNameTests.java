package dev.bosun.task.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class NodeNameTests {

    final NodeName self = NodeName.current("a1b2c3");

    @Test
    void aGeneratedNameReadsBackAsHostPidBootAndRandom() {
        String name = NodeName.of("");

        NodeName parsed = NodeName.parse(name).orElseThrow();

        assertThat(parsed.host()).isEqualTo(self.host());
        assertThat(parsed.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(parsed.boot()).isEqualTo(self.boot());
        assertThat(parsed.toString()).isEqualTo(name);
        assertThat(NodeName.of(" node-a ")).isEqualTo("node-a");
        assertThat(NodeName.parse("node-a")).isEmpty();
    }

    @Test
    void aClaimOfAnEndedProcessOnThisHostIsDeadAndOneOfALiveProcessIsNot() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Process live = new ProcessBuilder("sleep", "300").start();
        try {
            assertThat(NodeName.deadOnThisHost(owner(self.host(), ended.pid(), self.boot()), self)).isTrue();
            assertThat(NodeName.deadOnThisHost(owner(self.host(), live.pid(), self.boot()), self)).isFalse();
        } finally {
            live.destroyForcibly();
        }
    }

    @Test
    void anotherHostsClaimIsNeverDeadByThisRuleButOneFromBeforeAReboot() {
        long alive = ProcessHandle.current().parent().orElseThrow().pid();

        assertThat(NodeName.deadOnThisHost(owner("other-" + self.host(), 999_999_999L, self.boot()), self)).isFalse();
        assertThat(NodeName.deadOnThisHost("node-a", self)).isFalse();
        assertThat(NodeName.deadOnThisHost(self.toString(), self)).as("its own claims").isFalse();
        assertThat(NodeName.deadOnThisHost(owner(self.host(), self.pid(), self.boot()), self))
                .as("its own pid under another name: the earlier process whose pid this one got").isTrue();
        String otherBoot = self.boot().equals("00000000") ? "11111111" : "00000000";
        assertThat(NodeName.deadOnThisHost(owner(self.host(), alive, otherBoot), self)).isTrue();
    }

    private static String owner(String host, long pid, String boot) {
        return new NodeName(host, pid, boot, "0f0f0f").toString();
    }
}
