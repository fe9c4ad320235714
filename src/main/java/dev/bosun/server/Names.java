package dev.bosun.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one gate every name passes before it reaches a shell, a configuration file or SQL:
 * domains and host names (RFC 1123, lowercase), database names and users derived from a domain,
 * SSH users, server names and absolute paths under allowed roots. Each check returns the value
 * unchanged or throws {@link InvalidNameException} with a message a person can act on.
 */
public final class Names {

    /** MySQL limits database names to 64 characters and PostgreSQL identifiers to 63. */
    public static final int DATABASE_NAME_MAX = 63;
    /** MySQL 5.7+ limits user names to 32 characters; MariaDB and PostgreSQL allow more. */
    public static final int DATABASE_USER_MAX = 32;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("[0-9]+(\\.[0-9]+){3}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern SSH_USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
    private static final Pattern SERVER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._@+-]+)+/?|/");

    private Names() {
    }

    /**
     * The one rule for a site's domain (and alias): a lowercase RFC 1123 host name of at least two parts,
     * not an IPv4 address. Site forms, the Drupal driver, backups and the disabled page all ask this.
     */
    public static String domain(String value) {
        return domain("domain", value);
    }

    public static String domain(String field, String value) {
        String text = required(field, value);
        domainProblem(text).ifPresent(rule -> {
            throw invalid(field, text, rule);
        });
        return text;
    }

    /** What is wrong with {@code value} as a domain, if anything; the rule of {@link #domain(String)}. */
    public static Optional<String> domainProblem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("a domain is required");
        }
        Optional<String> problem = hostnameProblem(value);
        if (problem.isPresent()) {
            return problem;
        }
        if (IPV4.matcher(value).matches()) {
            return Optional.of("an IP address is not a domain, use a name such as www.example.com");
        }
        if (!value.contains(".")) {
            return Optional.of("a domain has at least two parts separated by a dot, such as example.com");
        }
        return Optional.empty();
    }

    public static boolean isDomain(String value) {
        return domainProblem(value).isEmpty();
    }

    /** A host name or IPv4 address by RFC 1123, lowercase, at most 253 characters. */
    public static String hostname(String field, String value) {
        String text = required(field, value);
        hostnameProblem(text).ifPresent(rule -> {
            throw invalid(field, text, rule);
        });
        return text;
    }

    private static Optional<String> hostnameProblem(String text) {
        if (!text.equals(text.toLowerCase(Locale.ROOT))) {
            return Optional.of("use lowercase letters only");
        }
        if (!text.chars().allMatch(c -> c < 128)) {
            return Optional.of("write international names in their ASCII form (xn--…)");
        }
        if (text.length() > 253) {
            return Optional.of("a name has at most 253 characters, this one " + text.length());
        }
        for (String label : text.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of(label.length() > 63
                        ? "each part between dots has at most 63 characters"
                        : "each part between dots is 1-63 letters a-z, digits or inner hyphens");
            }
        }
        return Optional.empty();
    }

    /** A database name derived from the domain: {@code www.example.com} → {@code www_example_com}. */
    public static String databaseName(String domain) {
        return derived(domain, DATABASE_NAME_MAX - 4);
    }

    /** A database user derived from the domain, short enough for every engine and a number suffix. */
    public static String databaseUser(String domain) {
        return derived(domain, DATABASE_USER_MAX - 4);
    }

    /**
     * The base itself, or {@code base_2}, {@code base_3}, … (shortened to fit {@code maxLength}), the first
     * that {@code taken} refuses.
     */
    public static String unique(String base, int maxLength, Predicate<String> taken) {
        identifier("name", base);
        String candidate = truncate(base, maxLength);
        for (int n = 2; taken.test(candidate); n++) {
            String suffix = "_" + n;
            candidate = truncate(base, maxLength - suffix.length()) + suffix;
            if (n > 9999) {
                throw new InvalidNameException("name", "No free name left for " + base);
            }
        }
        return candidate;
    }

    /** A database name or user: lowercase letter first, then letters, digits, underscores; at most 63. */
    public static String identifier(String field, String value) {
        String text = required(field, value);
        if (!IDENTIFIER.matcher(text).matches()) {
            throw invalid(field, text, "use a lowercase letter followed by lowercase letters, digits or _ "
                    + "(at most 63 characters)");
        }
        return text;
    }

    public static String sshUser(String value) {
        String text = required("sshUser", value);
        if (!SSH_USER.matcher(text).matches()) {
            throw invalid("sshUser", text, "a user name is a lowercase letter or _ followed by letters, "
                    + "digits, '.', '_' or '-' (at most 32)");
        }
        return text;
    }

    /** A server's name, also a directory name under {@code <home>/config/}. */
    public static String serverName(String value) {
        String text = required("name", value);
        if (!SERVER_NAME.matcher(text).matches() || text.contains("..")) {
            throw invalid("name", text, "use lowercase letters, digits, '.', '_' or '-' (at most 63), "
                    + "starting with a letter or digit");
        }
        return text;
    }

    /** An absolute path of plain characters, without {@code ..}, inside one of {@code roots} when any are given. */
    public static String path(String field, String value, List<String> roots) {
        String text = required(field, value);
        if (!PATH.matcher(text).matches()) {
            throw invalid(field, text, "use an absolute path of letters, digits and . _ @ + - only");
        }
        for (String segment : text.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw invalid(field, text, "'.' and '..' are not allowed in paths");
            }
        }
        String normal = text.length() > 1 && text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        if (!roots.isEmpty() && roots.stream().noneMatch(root -> Path.of(normal).startsWith(Path.of(root)))) {
            throw invalid(field, text, "it must be inside " + String.join(" or ", roots));
        }
        return normal;
    }

    public static String path(String field, String value) {
        return path(field, value, List.of());
    }

    /** A value shown in a message: control characters escaped, long values shortened. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> {
            if (c < 32 || c == 127) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return value.codePointCount(0, value.length()) > 80 ? out + "…" : out.toString();
    }

    private static String derived(String domain, int maxLength) {
        String name = domain(domain).replaceAll("[.-]", "_");
        if (!Character.isLetter(name.charAt(0))) {
            name = "s" + name;
        }
        return truncate(name, maxLength);
    }

    private static String truncate(String value, int maxLength) {
        String cut = value.length() <= maxLength ? value : value.substring(0, maxLength);
        return cut.endsWith("_") ? cut.substring(0, cut.length() - 1) : cut;
    }

    private static String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidNameException(field, "The " + field + " is required.");
        }
        return value;
    }

    private static InvalidNameException invalid(String field, String value, String rule) {
        return new InvalidNameException(field, "“" + printable(value) + "” is not a valid " + field + ": " + rule + ".");
    }
}
