package dev.bosun.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Long commands a task starts on a server (an import, {@code drush updatedb}, a dump, a tar) run tracked: in a
 * process group of their own ({@code setsid}), the group's id written to
 * {@code $HOME/.bosun/run/<tag>/<pgid>} on that server while they run, the tag naming the panel installation and
 * the task that started them ({@code task-<panel id>-<task id>}, {@link #taskTag(String, long)}; the panel id is
 * {@link ProcessTags#panelId()}). Whoever takes the task over later, on any node of the same panel and through a
 * new shell, stops them by that tag: TERM to each group, a wait, KILL to what is left, the pid files removed. A
 * pid file also carries the server's boot id, so a group id reused after a reboot is never signalled. Another
 * panel (its own database, its own task ids) that manages the same server never stops them: its tags name it.
 */
public final class TrackedProcesses {

    /** How long a stop waits after TERM before it sends KILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern PANEL_ID = Pattern.compile("[a-z0-9]{8,12}");
    /** {@code task-<panel id>-<task id>}, or the legacy {@code task-<task id>}: group 1 the task id. */
    private static final Pattern TASK_TAG = Pattern.compile("task-(?:[a-z0-9]{8,12}-)?(\\d{1,19})");

    /**
     * $1 the tag, then the command. The command starts in a new session (its own process group) with the
     * wrapper's stdin (a background job would otherwise read /dev/null); the wrapper waits for it and takes its
     * pid file away when it ends. The command keeps the caller's umask.
     */
    static final String RUN = "t=$1; shift; d=\"${HOME:-/tmp}/.bosun/run/$t\"; "
            + "(umask 077; mkdir -p \"$d\") || exit 125; "
            + "b=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null); [ -n \"$b\" ] || b=-; "
            + "exec 3<&0; "
            + "if command -v setsid >/dev/null 2>&1; then setsid \"$@\" <&3 3<&- & else \"$@\" <&3 3<&- & fi; "
            + "p=$!; exec 3<&-; "
            + "printf '%s %s %s\\n' \"$p\" \"$b\" \"${1##*/}\" > \"$d/$p\"; "
            + "wait \"$p\"; r=$?; rm -f \"$d/$p\"; rmdir \"$d\" 2>/dev/null; exit $r";

    /**
     * $1 the tag, $2 seconds to wait after TERM. Prints {@code TERM <pgid> <program>} for each group it signals
     * and {@code KILL <pgid>} for each that had to be killed.
     */
    static final String STOP = "d=\"${HOME:-/tmp}/.bosun/run/$1\"; [ -d \"$d\" ] || exit 0; "
            + "b=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null); [ -n \"$b\" ] || b=-; "
            + "sig() { kill -s \"$1\" -- \"-$2\" 2>/dev/null || kill -s \"$1\" \"$2\" 2>/dev/null; }; "
            + "live=; for f in \"$d\"/*; do [ -f \"$f\" ] || continue; p=; fb=; prog=; read -r p fb prog < \"$f\"; "
            + "case \"$p\" in ''|*[!0-9]*) continue;; esac; "
            + "if [ \"$fb\" = \"$b\" ] && sig 0 \"$p\"; then sig TERM \"$p\"; echo \"TERM $p $prog\"; "
            + "live=\"$live $p\"; fi; done; "
            + "n=0; while [ -n \"$live\" ] && [ \"$n\" -lt $(( $2 * 5 )) ]; do still=; "
            + "for p in $live; do sig 0 \"$p\" && still=\"$still $p\"; done; live=$still; "
            + "[ -z \"$live\" ] || sleep 0.2; n=$((n+1)); done; "
            + "for p in $live; do sig KILL \"$p\" && echo \"KILL $p\"; done; "
            + "for f in \"$d\"/*; do [ -f \"$f\" ] || continue; t=$(sed -n 's/^transfer //p' \"$f\"); "
            + "[ -n \"$t\" ] || continue; "
            + "if [ -d \"$t\" ]; then find \"$t\" -type f -name '.*.bosun-partial' 2>/dev/null | "
            + "while IFS= read -r x; do rm -f \"$x\" && echo \"PARTIAL $x\"; done; "
            + "else x=\"${t%/*}/.${t##*/}.bosun-partial\"; if [ -f \"$x\" ]; then rm -f \"$x\" && echo \"PARTIAL $x\"; fi; "
            + "fi; done; "
            + "rm -f \"$d\"/*; rmdir \"$d\" 2>/dev/null; exit 0";

    /**
     * $1 the tag, $2 the marker's name, $3 where a transfer the panel makes itself (SFTP) writes: a file's path
     * or a directory. Its partial files ({@code .<name>.bosun-partial}) are removed by a stop under the tag when
     * the panel died before the transfer ended.
     */
    static final String NOTE_TRANSFER = "d=\"${HOME:-/tmp}/.bosun/run/$1\"; (umask 077; mkdir -p \"$d\") || exit 125; "
            + "printf 'transfer %s\\n' \"$3\" > \"$d/$2\"";

    /** $1 the tag, $2 the marker's name: the transfer ended. */
    static final String END_TRANSFER = "d=\"${HOME:-/tmp}/.bosun/run/$1\"; rm -f \"$d/$2\"; rmdir \"$d\" 2>/dev/null; exit 0";

    private TrackedProcesses() {
    }

    /** The tag of the processes of task {@code taskId} of the panel {@code panelId}: {@code task-<panel>-<task>}. */
    public static String taskTag(String panelId, long taskId) {
        return "task-" + requirePanelId(panelId) + "-" + taskId;
    }

    /**
     * The tag panels gave the processes of task {@code taskId} before their tags named the panel:
     * {@code task-<task>}. It is ambiguous (every panel that manages the server had a task of that id); only
     * processes started before the upgrade run under it, and a takeover stops it as well as the task's own tag
     * ({@link #taskTags}) so that a task that was running across the upgrade leaves nothing behind.
     */
    public static String legacyTaskTag(long taskId) {
        return "task-" + taskId;
    }

    /**
     * The tags whose processes a takeover of task {@code taskId} of panel {@code panelId} stops: the task's own
     * ({@link #taskTag(String, long)}), then the legacy {@link #legacyTaskTag} of processes started before the
     * upgrade.
     */
    public static List<String> taskTags(String panelId, long taskId) {
        return List.of(taskTag(panelId, taskId), legacyTaskTag(taskId));
    }

    /** The task whose tag {@code tag} is ({@link #taskTag(String, long)}, or a {@link #legacyTaskTag}). */
    public static OptionalLong taskOf(String tag) {
        Matcher task = tag == null ? null : TASK_TAG.matcher(tag);
        if (task == null || !task.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(task.group(1)));
        } catch (NumberFormatException beyondLong) {
            return OptionalLong.empty();
        }
    }

    /** A panel id is 8 to 12 lowercase letters and digits ({@link ProcessTags#panelId()}). */
    public static String requirePanelId(String panelId) {
        if (panelId == null || !PANEL_ID.matcher(panelId).matches()) {
            throw new IllegalArgumentException("Not a panel id: " + panelId);
        }
        return panelId;
    }

    /** The task whose processes {@code shell} tracks, when it is a {@link TrackedShell} of a task. */
    public static OptionalLong taskOf(Shell shell) {
        return shell instanceof TrackedShell tracked ? taskOf(tracked.tag()) : OptionalLong.empty();
    }

    /** A tag is a short lowercase name (it becomes a directory name on the server). */
    public static String requireTag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("Not a process tag: " + tag);
        }
        return tag;
    }

    /** {@code command} run by the tracking wrapper under {@code tag}. */
    static Command wrap(String tag, Command command) {
        return command.inScript(RUN, requireTag(tag));
    }

    /** Records, under {@code tag}, a transfer into {@code target} (see {@link #NOTE_TRANSFER}); {@code marker} names it. */
    public static Command noteTransfer(String tag, String marker, String target) {
        return Command.script(NOTE_TRANSFER, requireTag(tag), requireTag(marker), target);
    }

    /** The transfer {@code marker} under {@code tag} ended: its record goes. */
    public static Command endTransfer(String tag, String marker) {
        return Command.script(END_TRANSFER, requireTag(tag), requireTag(marker));
    }

    static Command stop(String tag, Duration grace) {
        return Command.script(STOP, requireTag(tag), Long.toString(Math.max(0, grace.toSeconds())));
    }

    /** The groups a stop found, from the stop script's output. */
    static List<Stopped> parse(String stdout) {
        List<Stopped> found = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            String[] parts = line.strip().split(" ", 3);
            if (parts.length >= 2 && parts[0].equals("TERM") && parts[1].matches("\\d+")) {
                found.add(new Stopped(Long.parseLong(parts[1]), parts.length == 3 ? parts[2] : "", false));
            } else if (line.startsWith("PARTIAL ")) {
                found.add(new Stopped(0, line.substring("PARTIAL ".length()), false));
            } else if (parts.length == 2 && parts[0].equals("KILL") && parts[1].matches("\\d+")) {
                long pgid = Long.parseLong(parts[1]);
                found.replaceAll(s -> s.pgid() == pgid ? new Stopped(pgid, s.program(), true) : s);
            }
        }
        return found;
    }

    /**
     * One process group a stop ended: its id, its program's name, and whether it needed KILL; or (group id 0) the
     * partial file of an interrupted transfer it removed, its path as the program.
     */
    public record Stopped(long pgid, String program, boolean killed) {

        public boolean partialFile() {
            return pgid == 0;
        }

        @Override
        public String toString() {
            if (partialFile()) {
                return "the partial file " + program + " of an interrupted transfer";
            }
            return "process group " + pgid + (program.isEmpty() ? "" : " (" + program + ")")
                    + (killed ? ", killed" : "");
        }
    }
}
