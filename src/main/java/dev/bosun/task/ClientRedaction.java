package dev.bosun.task;

import java.util.regex.Pattern;

/**
 * What client users are not shown of the panel's work: every absolute file path (the panel's home, the servers'
 * platform, vhost and backup directories) becomes {@value #PATH}. The one rule for task logs and for what else a
 * client sees of commands the panel ran (a site's cron output).
 */
public final class ClientRedaction {

    public static final String PATH = "[path]";

    /**
     * An absolute path: a slash that does not follow a letter, digit, dot, colon or slash (so neither
     * {@code https://example.com/user} nor {@code sites/default} nor {@code 1/2} matches), then path characters.
     */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.:/~-])/[\\w.@%+=~,-][\\w.@%+=~,/-]*");

    private ClientRedaction() {
    }

    /** {@code text} with every absolute path replaced by {@value #PATH}; null stays null. */
    public static String paths(String text) {
        return text == null ? null : ABSOLUTE_PATH.matcher(text).replaceAll(PATH);
    }
}
