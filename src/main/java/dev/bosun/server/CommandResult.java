package dev.bosun.server;

/**
 * How a command ended: its exit code and its captured output (each stream kept up to
 * {@link #CAPTURE_LIMIT} characters; everything was streamed to the line sink anyway).
 */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public static final int CAPTURE_LIMIT = 1 << 20;

    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result when the command succeeded, else throws with the command's own message. */
    public CommandResult orThrow(String what) {
        if (!ok()) {
            throw new ShellException(what + " failed (exit code " + exitCode + ")" + detail());
        }
        return this;
    }

    /** The last lines of stderr (or stdout when stderr is empty), to explain a failure. */
    public String detail() {
        String text = !stderr.isBlank() ? stderr : stdout;
        text = text.strip();
        if (text.isEmpty()) {
            return "";
        }
        String[] lines = text.split("\\R");
        int from = Math.max(0, lines.length - 5);
        return ": " + String.join(" / ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
