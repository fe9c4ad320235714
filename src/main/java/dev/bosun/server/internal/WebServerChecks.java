package dev.bosun.server.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.bosun.server.Command;
import dev.bosun.server.CommandResult;
import dev.bosun.server.LineSink;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.Shell;
import dev.bosun.server.ShellException;
import dev.bosun.task.TaskLogger;

/**
 * What a web server's verify checks beyond the tools' versions: PHP's database extensions, the free space where
 * sites and backups go, and that the SSH user may run the web service's config test and reload through sudo
 * without a password (asked with {@code sudo -n -l}, which runs nothing).
 */
final class WebServerChecks {

    static final long LOW_SPACE_KIB = 1024L * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String FREE_SPACE = """
            d="$1"; [ -n "$d" ] || d="$HOME"
            while [ ! -e "$d" ] && [ "$d" != / ]; do d=$(dirname -- "$d"); done
            printf '%s ' "$d"; df -Pk -- "$d" | awk 'NR == 2 { print $4 }'
            """;

    private WebServerChecks() {
    }

    /** pdo_mysql and pdo_pgsql in PHP's command line, which runs drush: each missing one is a warning. */
    static void phpDatabaseExtensions(Shell shell, String server, TaskLogger log) {
        CommandResult modules = shell.run(Command.script("PATH=\"$PATH:/usr/local/bin\"; php -m"), LineSink.NONE, TIMEOUT);
        List<String> loaded = modules.stdout().lines().map(line -> line.strip().toLowerCase(Locale.ROOT)).toList();
        check(loaded, "pdo_mysql", "MariaDB/MySQL", "php-mysql", server, log);
        check(loaded, "pdo_pgsql", "PostgreSQL", "php-pgsql", server, log);
    }

    private static void check(List<String> loaded, String extension, String engine, String pkg, String server,
                              TaskLogger log) {
        if (loaded.contains(extension)) {
            log.ok("PHP " + extension + ": loaded (" + engine + " sites)");
        } else {
            log.warning("PHP's " + extension + " is not loaded on " + server + ": " + engine + " sites cannot run there "
                    + "(Debian/Ubuntu: apt-get install " + pkg + ").");
        }
    }

    /**
     * The free space on the file system of each directory ({@code null}: the SSH user's home); less than 1 GiB is a
     * warning, since sites, uploads and the staging of transfers need room there.
     */
    static void freeSpace(Shell shell, String first, String second, String server, TaskLogger log) {
        List<String> directories = new ArrayList<>();
        directories.add(first == null ? "" : first.replace("$HOME", ""));
        if (second != null) {
            directories.add(second);
        }
        for (String directory : directories) {
            CommandResult result = shell.run(Command.script(FREE_SPACE, directory), LineSink.NONE, TIMEOUT);
            String[] parts = result.stdout().strip().split(" ");
            if (!result.ok() || parts.length != 2 || !parts[1].matches("[0-9]+")) {
                log.warning("Could not read the free space of " + (directory.isEmpty() ? "the home directory" : directory)
                        + " on " + server + result.detail());
                continue;
            }
            long kib = Long.parseLong(parts[1]);
            String free = (kib / 1024) + " MiB free in " + parts[0] + " on " + server;
            if (kib < LOW_SPACE_KIB) {
                log.warning("Only " + free + ": sites, uploads, backups and the staging of transfers need room; "
                        + "free at least 1 GiB.");
            } else {
                log.ok("Disk space: " + free);
            }
        }
    }

    /**
     * For a config test or reload command run through sudo: that the SSH user may run exactly it without a password.
     * A missing rule fails the verify with the sudoers line to add.
     */
    static void sudoRights(Shell shell, ServerInfo server, TaskLogger log) {
        for (String line : List.of(server.http().configTestCommand(), server.http().reloadCommand())) {
            List<String> args = Command.parse("command", line).args();
            if (args.isEmpty() || !args.get(0).endsWith("sudo")) {
                continue;
            }
            List<String> command = new ArrayList<>(args.subList(1, args.size()));
            while (!command.isEmpty() && command.get(0).startsWith("-")) {
                command.remove(0);
            }
            List<String> ask = new ArrayList<>(List.of(args.get(0), "-n", "-l", "--"));
            ask.addAll(command);
            CommandResult allowed = shell.run(Command.of(ask), LineSink.NONE, TIMEOUT);
            String user = server.master() ? "the panel's user" : server.sshUser();
            if (!allowed.ok()) {
                throw new ShellException("The SSH user " + user + " may not run `" + String.join(" ", command)
                        + "` through sudo without a password on " + server.name() + ": add the line `" + user
                        + " ALL=(root) NOPASSWD: " + String.join(" ", command) + "` to a file in /etc/sudoers.d "
                        + "(see docs/servers.md)" + allowed.detail());
            }
            log.ok("sudo: " + user + " may run `" + String.join(" ", command) + "` without a password.");
        }
    }
}
