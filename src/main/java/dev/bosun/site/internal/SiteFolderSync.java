package dev.bosun.site.internal;

import java.time.Duration;

import dev.bosun.server.Command;
import dev.bosun.server.LineSink;
import dev.bosun.server.Shell;
import dev.bosun.task.TaskLogger;
import org.springframework.stereotype.Component;

/**
 * Mirrors one site folder into another on the same web server with rsync, run on that server through the task's
 * shell (so tracked under the task's tag, and stopped by a node that takes the task over). A migrate copies the
 * files this way while the site still serves, then once more in maintenance for what changed meanwhile.
 */
@Component
class SiteFolderSync {

    private static final Duration SYNC_TIMEOUT = Duration.ofHours(2);
    /** Mirror {@code $1} into {@code $2}: contents only (trailing slashes), deleting what the source no longer has. */
    static final String MIRROR = "rsync -a --delete -- \"$1/\" \"$2/\"";

    /** Whether rsync is on the server of {@code shell}. */
    boolean available(Shell shell) {
        return shell.run(Command.script("command -v rsync >/dev/null"), LineSink.NONE, Duration.ofSeconds(30)).ok();
    }

    /** Makes {@code target} a copy of {@code source}: new and changed files copied, files gone from the source deleted. */
    void mirror(Shell shell, String source, String target, TaskLogger log) {
        shell.run(Command.script(MIRROR, source, target), log, SYNC_TIMEOUT)
                .orThrow("Copying " + source + " to " + target + " on " + shell.serverName());
    }
}
