package dev.bosun.drupal;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the output of the drush calls of {@link DrushCommands}, as docs/drush-contract.md describes it. */
public final class DrushOutput {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LOGIN_PATH = Pattern.compile("/user/reset/\\d+/\\d+/[A-Za-z0-9_-]+/login");
    private static final Pattern GENERATED_PASSWORD = Pattern.compile("User password:\\s+(\\S+)");
    /**
     * How env (GNU, BusyBox, BSD) or a shell says that the php of drush's first line is not there; GNU env quotes
     * the name typographically in a UTF-8 locale.
     */
    private static final Pattern PHP_NOT_FOUND = Pattern.compile(
            "(^|[\\s/'\"\u2018\u201c])php[\\w.-]*['\"\u2019\u201d]?: "
                    + "(No such file or directory|(command )?not found)", Pattern.MULTILINE);
    /** Exit code of a program that could not be found or started (POSIX shells, env). */
    private static final int NOT_FOUND = 127;

    private DrushOutput() {
    }

    /**
     * Whether drush could not run because PHP is missing: drush is a PHP script whose first line asks env for
     * {@code php}, which then exits 127 and names it.
     */
    public static boolean phpMissing(int exitCode, String output) {
        return exitCode == NOT_FOUND && output != null && PHP_NOT_FOUND.matcher(output).find();
    }

    /** What to tell when {@link #phpMissing} on a server. */
    public static String phpNeeded(String serverName) {
        return "PHP is needed to run drush on " + serverName + ", and it is not installed there: install PHP's "
                + "command-line program with its MySQL and PostgreSQL drivers (Debian/Ubuntu: apt-get install php-cli "
                + "php-mysql php-pgsql), then try again.";
    }

    public static DrushStatus status(String stdout) {
        JsonNode status = object(stdout, "core:status");
        return new DrushStatus(text(status, "drupal-version"), text(status, "drush-version"), text(status, "uri"),
                text(status, "db-driver"), text(status, "db-name"), text(status, "db-status"),
                text(status, "bootstrap"), text(status, "install-profile"), text(status, "site"),
                text(status, "files"));
    }

    /** pm:list: an object keyed by machine name; profiles, modules and themes, enabled or not. */
    public static List<DrushExtension> extensions(String stdout) {
        List<DrushExtension> extensions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : object(stdout, "pm:list").properties()) {
            JsonNode extension = entry.getValue();
            PackageType type = switch (extension.path("type").asString("")) {
                case "module" -> PackageType.MODULE;
                case "theme" -> PackageType.THEME;
                case "profile" -> PackageType.PROFILE;
                default -> null;
            };
            if (type != null) {
                extensions.add(new DrushExtension(entry.getKey(), type, text(extension, "display_name"),
                        text(extension, "path"), "Enabled".equalsIgnoreCase(text(extension, "status")),
                        text(extension, "version")));
            }
        }
        return extensions;
    }

    /** The schema query: {@code {"system": 10400, …}}; an empty result may print as {@code []}. */
    public static Map<String, Integer> schemaVersions(String stdout) {
        JsonNode root = parse(stdout, "the schema query");
        Map<String, Integer> versions = new LinkedHashMap<>();
        if (root.isArray() && root.isEmpty()) {
            return versions;
        }
        if (!root.isObject()) {
            throw new DrushOutputException("The schema query printed no JSON object: " + shorten(stdout));
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            versions.put(entry.getKey(), entry.getValue().asInt());
        }
        return versions;
    }

    /** updatedb:status: nothing at all when no update is pending. */
    public static List<PendingUpdate> pendingUpdates(String stdout) {
        List<PendingUpdate> pending = new ArrayList<>();
        if (stdout == null || stdout.isBlank()) {
            return pending;
        }
        for (Map.Entry<String, JsonNode> entry : object(stdout, "updatedb:status").properties()) {
            JsonNode update = entry.getValue();
            pending.add(new PendingUpdate(entry.getKey(), text(update, "module"), update.path("update_id").asString(""),
                    text(update, "type"), text(update, "description")));
        }
        return pending;
    }

    /** user:login: the last line that is a one-time login URL ({@code …/user/reset/UID/TIME/HASH/login}). */
    public static URI loginUrl(String stdout) {
        List<String> lines = stdout == null ? List.of() : stdout.lines().map(String::strip).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.startsWith("http") && LOGIN_PATH.matcher(line).find()) {
                return URI.create(line);
            }
        }
        throw new DrushOutputException("user:login printed no one-time login link: " + shorten(stdout));
    }

    /** The administrator password site:install generated and printed, to be hidden from every log. */
    public static Optional<String> generatedPassword(String output) {
        Matcher matcher = GENERATED_PASSWORD.matcher(output == null ? "" : output);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static JsonNode object(String stdout, String command) {
        JsonNode root = parse(stdout, command);
        if (!root.isObject()) {
            throw new DrushOutputException(command + " printed no JSON object: " + shorten(stdout));
        }
        return root;
    }

    private static JsonNode parse(String stdout, String command) {
        try {
            return JSON.readTree(stdout == null ? "" : stdout.strip());
        } catch (JacksonException e) {
            throw new DrushOutputException(command + " printed no JSON: " + shorten(stdout));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String shorten(String text) {
        String value = text == null || text.isBlank() ? "(nothing)" : text.strip();
        return value.length() > 200 ? value.substring(0, 200) + "…" : value;
    }
}
