package dev.bosun.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.bosun.LeftoverProcess;
import org.springframework.util.FileSystemUtils;

/** Homes of drills: fixed paths, emptied (and what an earlier run left running stopped) before a run. */
public final class DrillHomes {

    private static final List<String> WORKERS = List.of("nginx: worker process", "nginx: cache", "php-fpm: pool");

    private DrillHomes() {
    }

    public static Path fresh(Path home) throws IOException, InterruptedException {
        if (Files.exists(home)) {
            stopLeftovers(home);
            FileSystemUtils.deleteRecursively(home);
        }
        return Files.createDirectories(home);
    }

    /**
     * Kills the processes whose pid files lie in the home and whose command line names it, with the process group
     * each leads (the demo's nginx and PHP-FPM and their workers), so that no worker outlives its master; and the
     * workers a master killed hard left in its group.
     */
    public static void stopLeftovers(Path home) throws IOException, InterruptedException {
        for (Path pidFile : List.of(home.resolve("pgdata/postmaster.pid"), home.resolve("demo/nginx.pid"),
                home.resolve("demo/php-fpm.pid"))) {
            if (!Files.exists(pidFile)) {
                continue;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            String commandLine = commandLine(pid);
            if (process.isPresent() && commandLine.contains(home.toString())) {
                new LeftoverProcess(pid, commandLine).stopGroup("KILL", Duration.ofSeconds(30));
                process.get().onExit().join();
            } else if (process.isEmpty()) {
                LeftoverProcess.stopAll(LeftoverProcess.orphanedGroupMembers(pidFile, WORKERS), "KILL",
                        Duration.ofSeconds(30));
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
