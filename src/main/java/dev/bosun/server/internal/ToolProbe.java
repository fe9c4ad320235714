package dev.bosun.server.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.bosun.server.Command;
import dev.bosun.server.CommandResult;
import dev.bosun.server.LineSink;
import dev.bosun.server.Shell;

/** Finds a program on a server and reads its version line, with shell builtins only (sbin included). */
final class ToolProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SCRIPT = """
            PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
            command -v "$1" >/dev/null 2>&1 || exit 127
            out=$("$@" 2>&1)
            printf '%s\\n' "$out"
            """;

    /** A program Bosun uses, how to ask its version, and what to install when it is missing. */
    record Tool(String label, List<List<String>> candidates, String install) {

        @SafeVarargs
        static Tool of(String label, String install, List<String>... candidates) {
            return new Tool(label, List.of(candidates), install);
        }
    }

    private ToolProbe() {
    }

    /** The first line of the first candidate's version output, or empty when none is installed. */
    static Optional<String> version(Shell shell, Tool tool) {
        for (List<String> candidate : tool.candidates()) {
            CommandResult result = shell.run(Command.script(SCRIPT, candidate.toArray(String[]::new)), LineSink.NONE, TIMEOUT);
            if (result.exitCode() != 127) {
                String first = result.stdout().strip().lines().findFirst().orElse(candidate.get(0));
                return Optional.of(first.isBlank() ? candidate.get(0) : first);
            }
        }
        return Optional.empty();
    }
}
