package dev.bosun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one naming rule for the temporary files of tasks on the master, so that a sweep can tell which task owns
 * a leftover: a name carries {@code task<id>} at its start or between underscores (which no domain contains),
 * e.g. the directory {@code <home>/tmp/task42/} or the archive part {@code .example.com-20260101.120000_task42_…part}.
 * Temporary directories are private: {@code <home>/tmp} and each task's directory in it are 0700.
 */
public final class TaskFiles {

    private static final Pattern OWNER = Pattern.compile("(?:^|_)task(\\d{1,18})(?=_|$)");
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private TaskFiles() {
    }

    /** {@code task<id>}: the name of a task's directory, or (between underscores) part of a file name. */
    public static String marker(long taskId) {
        return "task" + taskId;
    }

    /** The task a file or directory name belongs to, when it carries a marker. */
    public static OptionalLong owner(String name) {
        Matcher matcher = OWNER.matcher(name);
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** {@code directory}, created 0700 when missing and made 0700 when it exists. */
    public static Path privateDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                if (directory.getParent() != null) {
                    Files.createDirectories(directory.getParent());
                }
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PRIVATE));
            }
            if (!Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS).equals(PRIVATE)) {
                Files.setPosixFilePermissions(directory, PRIVATE);
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the private directory " + directory, e);
        }
    }

    /** The private directory {@code <tempRoot>/task<id>} (its parent made private too). */
    public static Path taskDirectory(Path tempRoot, long taskId) {
        privateDirectory(tempRoot);
        return privateDirectory(tempRoot.resolve(marker(taskId)));
    }
}
