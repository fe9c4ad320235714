package dev.bosun.server.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.bosun.server.Command;
import dev.bosun.server.LineSink;
import dev.bosun.server.Shell;
import dev.bosun.server.ShellException;

/**
 * Finds a database client program on the master: by name on its PATH, else by full path in one of the extra
 * directories (see {@link dev.bosun.server.DatabaseClientDirectory}). The PATH comes first, so an installed client
 * package always wins over the programs an embedded server brought along.
 */
public final class ClientPrograms {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Shell local;
    private final List<Path> directories;

    public ClientPrograms(Shell local, List<Path> directories) {
        this.local = local;
        this.directories = List.copyOf(directories);
    }

    /** The master's shell, where the client programs run. */
    Shell shell() {
        return local;
    }

    /** The first candidate on the PATH, else the first one found in the extra directories, as a full path. */
    String find(String... candidates) {
        for (String candidate : candidates) {
            if (local.run(Command.script("command -v \"$1\"", candidate), LineSink.NONE, TIMEOUT).ok()) {
                return candidate;
            }
        }
        for (Path directory : directories) {
            for (String candidate : candidates) {
                Path program = directory.resolve(candidate);
                if (Files.isRegularFile(program) && Files.isExecutable(program)) {
                    return program.toString();
                }
            }
        }
        throw new ShellException("None of " + String.join(", ", candidates) + " is installed on the master; "
                + "install the database client package (see docs/servers.md).");
    }
}
