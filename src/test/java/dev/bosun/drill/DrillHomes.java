package dev.bosun.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Homes of drills: fixed paths, emptied (and what an earlier run left running stopped) before a run. */
public final class DrillHomes {

    private DrillHomes() {
    }

    public static Path fresh(Path home) throws IOException, InterruptedException {
        if (Files.exists(home)) {
            stopLeftovers(home);
            try (Stream<Path> paths = Files.walk(home)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        return Files.createDirectories(home);
    }

    /** Kills the processes whose pid files lie in the home and whose command line names it. */
    public static void stopLeftovers(Path home) throws IOException, InterruptedException {
        for (Path pidFile : List.of(home.resolve("pgdata/postmaster.pid"), home.resolve("demo/nginx.pid"),
                home.resolve("demo/php-fpm.pid"))) {
            if (!Files.exists(pidFile)) {
                continue;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isPresent() && commandLine(pid).contains(home.toString())) {
                process.get().destroyForcibly();
                process.get().onExit().join();
            }
        }
    }

    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
