package dev.bosun.server.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.bosun.InvalidInputException;
import dev.bosun.InvalidInputException.Violation;
import dev.bosun.server.Command;
import dev.bosun.server.HttpType;
import dev.bosun.server.InvalidNameException;
import dev.bosun.server.Names;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerRegistration.DbSettings;
import dev.bosun.server.ServerRegistration.HttpSettings;

/** Checks a registration field by field and fills in defaults; every bad field gets its own message. */
public class RegistrationValidator {

    private static final Pattern DB_ADMIN_USER = Pattern.compile("[A-Za-z0-9_.@-]{1,80}");

    private final Path home;
    private final Map<String, String> errors = new LinkedHashMap<>();

    public RegistrationValidator(Path home) {
        this.home = home;
    }

    /** The registration with defaults filled in, or an {@link InvalidInputException} listing every bad field. */
    public ServerRegistration check(ServerRegistration input) {
        String name = field("name", () -> Names.serverName(input.name()));
        boolean master = input.isMaster();
        String hostname = master && blank(input.hostname()) ? "localhost"
                : field("hostname", () -> Names.hostname("hostname", input.hostname()));
        Integer port = port("port", input.port(), 22);
        String sshUser = master && blank(input.sshUser()) ? null : field("sshUser", () -> Names.sshUser(input.sshUser()));
        HttpSettings http = input.http() == null || input.http().type() == null ? null : http(input.http(), name, master);
        DbSettings db = input.db() == null || input.db().type() == null ? null : db(input.db());
        if (!errors.isEmpty()) {
            List<Violation> violations = new ArrayList<>();
            errors.forEach((field, message) -> violations.add(new Violation(field, message)));
            throw new InvalidInputException(violations);
        }
        return new ServerRegistration(name, hostname, port, sshUser, master, http, db);
    }

    private HttpSettings http(HttpSettings http, String serverName, boolean master) {
        HttpType type = http.type();
        String vhostDir = blank(http.vhostDir()) ? defaultVhostDir(type, serverName, master)
                : field("http.vhostDir", () -> Names.path("vhost directory", http.vhostDir()));
        String configTest = command("http.configTestCommand", http.configTestCommand(), type.defaultConfigTest());
        String reload = command("http.reloadCommand", http.reloadCommand(), type.defaultReload());
        Integer port = port("http.port", http.port(), 80);
        String fastcgi = field("http.phpFastcgi", () -> fastcgi(blank(http.phpFastcgi()) ? "127.0.0.1:9000" : http.phpFastcgi().strip()));
        Integer httpsPort = http.httpsPort() == null ? null : port("http.httpsPort", http.httpsPort(), 443);
        if (httpsPort != null && httpsPort.equals(port) && !errors.containsKey("http.port")) {
            errors.put("http.httpsPort", "The HTTPS port must differ from the port the vhosts listen on (" + port
                    + "): one port cannot serve plain HTTP and HTTPS.");
        }
        String tlsDir = blank(http.tlsDir()) ? null
                : field("http.tlsDir", () -> Names.path("TLS folder", http.tlsDir().strip()));
        return new HttpSettings(type, vhostDir, configTest, reload, port, fastcgi, httpsPort, tlsDir);
    }

    private DbSettings db(DbSettings db) {
        String host = field("db.host", () -> Names.hostname("database host", blank(db.host()) ? "127.0.0.1" : db.host()));
        Integer port = port("db.port", db.port(), db.type().defaultPort());
        String adminUser = field("db.adminUser", () -> {
            if (blank(db.adminUser()) || !DB_ADMIN_USER.matcher(db.adminUser()).matches()) {
                throw new InvalidNameException("db.adminUser", "Enter the database administrator's user name "
                        + "(letters, digits, _ . @ -), e.g. root or postgres.");
            }
            return db.adminUser();
        });
        String password = db.adminPassword();
        if (password != null && (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0 || password.indexOf('\0') >= 0)) {
            errors.put("db.adminPassword", "A password cannot contain line breaks or NUL characters.");
        }
        return new DbSettings(db.type(), host, port, adminUser, password);
    }

    /** {@code <home>/config/<server>/<type>/vhost.d} on the master; a conventional directory on a remote server. */
    String defaultVhostDir(HttpType type, String serverName, boolean master) {
        if (serverName == null) {
            return null;
        }
        if (master) {
            return TemplateHttpDriver.masterVhostDir(home, serverName, type).toString();
        }
        return "/var/bosun/config/" + type.dirName() + "/vhost.d";
    }

    private String command(String field, String value, String fallback) {
        String line = blank(value) ? fallback : value.strip();
        return field(field, () -> {
            Command.parse(field, line);
            return line;
        });
    }

    private static String fastcgi(String value) {
        if (value.startsWith("unix:")) {
            return "unix:" + Names.path("PHP-FPM socket", value.substring("unix:".length()));
        }
        int colon = value.lastIndexOf(':');
        if (colon > 0) {
            String port = value.substring(colon + 1);
            Names.hostname("PHP-FPM host", value.substring(0, colon));
            if (port.matches("[0-9]{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535) {
                return value;
            }
        }
        throw new InvalidNameException("http.phpFastcgi",
                "Write where PHP-FPM listens as host:port (127.0.0.1:9000) or unix:/path/to/php-fpm.sock.");
    }

    private Integer port(String field, Integer value, int fallback) {
        int port = value == null ? fallback : value;
        if (port < 1 || port > 65535) {
            errors.put(field, "A port is a number from 1 to 65535.");
        }
        return port;
    }

    private String field(String field, Supplier<String> check) {
        try {
            return check.get();
        } catch (InvalidNameException e) {
            errors.put(field, e.getMessage());
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
