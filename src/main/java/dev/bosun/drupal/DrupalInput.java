package dev.bosun.drupal;

import java.util.regex.Pattern;

import dev.bosun.server.Names;

/** Checks of the values the Drupal driver puts into drush arguments and settings.php. */
final class DrupalInput {

    private static final Pattern URI = Pattern.compile("https?://[a-z0-9.-]+(:\\d{1,5})?/?");
    private static final Pattern MACHINE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,127}");
    private static final Pattern LANGCODE = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{1,8})*");
    private static final Pattern MAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern SSH_USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._@+-]+)+");

    private DrupalInput() {
    }

    static String domain(String value) {
        Names.domainProblem(value).ifPresent(problem -> {
            throw new IllegalArgumentException("Not a valid domain (" + problem + "): "
                    + (value == null ? "none" : value.replaceAll("\\p{Cntrl}", "?")));
        });
        return value;
    }

    /** A server's host name or IP address, as servers are registered (an SSH alias's {@code host}). */
    static String hostname(String value) {
        try {
            return Names.hostname("host", value);
        } catch (RuntimeException invalid) {
            throw new IllegalArgumentException(invalid.getMessage(), invalid);
        }
    }

    static String uri(String value) {
        return check("uri", value, URI, "http(s)://host[:port]");
    }

    static String machineName(String what, String value) {
        return check(what, value, MACHINE_NAME, "a lowercase letter, then lowercase letters, digits or _");
    }

    static String sshUser(String value) {
        return check("ssh user", value, SSH_USER, "a lowercase letter or _, then letters, digits, . _ or -");
    }

    static String langcode(String value) {
        return check("language", value, LANGCODE, "a language code such as en, de or pt-br");
    }

    static String mail(String value) {
        return check("e-mail", value, MAIL, "an e-mail address");
    }

    static String absolutePath(String what, String value) {
        String checked = check(what, value, PATH, "an absolute path of letters, digits and . _ @ + -");
        for (String segment : checked.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Not a valid " + what + ": '.' and '..' are not allowed");
            }
        }
        return checked;
    }

    /** Free text (a site name): any printable characters, one line. */
    static String text(String what, String value) {
        if (value == null || value.isBlank() || value.length() > 255 || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Not a valid " + what + ": one line of at most 255 printable characters");
        }
        return value;
    }

    private static String check(String what, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("Not a valid " + what + " (" + rule + "): "
                    + (value == null ? "none" : value.replaceAll("\\p{Cntrl}", "?")));
        }
        return value;
    }
}
