package dev.bosun.task.internal;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A lease owner name unique to this start of the panel: host, process id and a random suffix. */
final class NodeName {

    private NodeName() {
    }

    static String of(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return host() + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }

    private static String host() {
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
