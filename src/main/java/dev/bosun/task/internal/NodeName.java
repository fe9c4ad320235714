package dev.bosun.task.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lease owner name unique to this start of the panel: {@code <host>-<pid>-<boot>-<random>}, where boot is
 * the start of the kernel's boot id. It tells a restarted panel which claims were its own host's earlier
 * process, and whether that process still lives (see {@link #deadOnThisHost}).
 */
record NodeName(String host, long pid, String boot, String random) {

    private static final Pattern GENERATED = Pattern.compile("(.+)-(\\d+)-([0-9a-f]{8})-([0-9a-f]{6})");
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    static String of(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return current(HexFormat.of().formatHex(random)).toString();
    }

    static NodeName current(String random) {
        return new NodeName(localHost(), ProcessHandle.current().pid(), bootId(), random);
    }

    /** The parts of a generated name; empty for a configured one. */
    static Optional<NodeName> parse(String name) {
        Matcher matcher = name == null ? null : GENERATED.matcher(name);
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new NodeName(matcher.group(1), Long.parseLong(matcher.group(2)), matcher.group(3),
                matcher.group(4)));
    }

    /**
     * Whether {@code owner} was a panel process on this host (as {@code self} is) that no longer runs: the host
     * rebooted since, or no process has its pid, or its pid is now {@code self}'s. A live process with that
     * pid counts as alive, whatever it is, so a claim of another panel on this host is never taken early.
     */
    static boolean deadOnThisHost(String owner, NodeName self) {
        return parse(owner).filter(other -> other.host().equals(self.host()))
                .filter(other -> !other.equals(self))
                .map(other -> !other.boot().equals(self.boot()) || other.pid() == self.pid()
                        || ProcessHandle.of(other.pid()).map(p -> !p.isAlive()).orElse(true))
                .orElse(false);
    }

    @Override
    public String toString() {
        return host + "-" + pid + "-" + boot + "-" + random;
    }

    private static String bootId() {
        try {
            String id = Files.readString(BOOT_ID).strip().replace("-", "");
            return id.length() >= 8 ? id.substring(0, 8) : "00000000";
        } catch (IOException | RuntimeException e) {
            return "00000000";
        }
    }

    private static String localHost() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
