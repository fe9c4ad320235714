package dev.bosun.server.web;

import java.util.Map;

import dev.bosun.server.DbType;
import dev.bosun.server.HttpType;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerRegistration.DbSettings;
import dev.bosun.server.ServerRegistration.HttpSettings;

/**
 * The server form's fields, flat for HTML; it becomes a {@link ServerRegistration}. The form always sets the
 * HTTPS port and TLS folder: blank is 443 and {@code bosun-tls} beside the vhost directory.
 */
record ServerForm(String name, String hostname, String port, String sshUser, Boolean master,
                  HttpType httpType, String vhostDir, String configTestCommand, String reloadCommand, String httpPort,
                  String phpFastcgi, String httpsPort, String tlsDir, DbType dbType, String dbHost, String dbPort, String dbAdminUser,
                  String dbAdminPassword) {

    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("http.type", "httpType"), Map.entry("http.vhostDir", "vhostDir"),
            Map.entry("http.configTestCommand", "configTestCommand"), Map.entry("http.reloadCommand", "reloadCommand"),
            Map.entry("http.port", "httpPort"), Map.entry("http.phpFastcgi", "phpFastcgi"),
            Map.entry("http.httpsPort", "httpsPort"), Map.entry("http.tlsDir", "tlsDir"),
            Map.entry("db.type", "dbType"), Map.entry("db.host", "dbHost"), Map.entry("db.port", "dbPort"),
            Map.entry("db.adminUser", "dbAdminUser"));

    static ServerForm blank() {
        return new ServerForm("", "", "22", "", false, HttpType.NGINX, "", "", "", "80", "127.0.0.1:9000", "443", "", null,
                "127.0.0.1", "", "", "");
    }

    static ServerForm of(ServerInfo server) {
        var http = server.http();
        var db = server.db();
        return new ServerForm(server.name(), server.hostname(), String.valueOf(server.port()), server.sshUser(),
                server.master(),
                http == null ? null : http.type(), http == null ? "" : http.vhostDir(),
                http == null ? "" : http.configTestCommand(), http == null ? "" : http.reloadCommand(),
                http == null ? "80" : String.valueOf(http.port()), http == null ? "127.0.0.1:9000" : http.phpFastcgi(),
                http == null ? "443" : String.valueOf(http.httpsPort()),
                http == null || http.tlsDir() == null ? "" : http.tlsDir(),
                db == null ? null : db.type(), db == null ? "127.0.0.1" : db.host(),
                db == null ? "" : String.valueOf(db.port()),
                db == null ? "" : db.adminUser(), "");
    }

    ServerRegistration toRegistration() {
        return new ServerRegistration(name, hostname, number(port), sshUser, Boolean.TRUE.equals(master),
                httpType == null ? null : new HttpSettings(httpType, vhostDir, configTestCommand, reloadCommand,
                        number(httpPort), phpFastcgi, httpsPort == null || httpsPort.isBlank() ? 443 : number(httpsPort),
                        tlsDir),
                dbType == null ? null : new DbSettings(dbType, dbHost, number(dbPort), dbAdminUser, dbAdminPassword));
    }

    /** Blank is "the default" (null); anything but a number becomes -1, which the port check refuses. */
    private static Integer number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip().matches("[0-9]{1,5}") ? Integer.valueOf(value.strip()) : -1;
    }

    /** The form field showing a service's error for {@code field} ({@code db.host} → {@code dbHost}). */
    static String formField(String field) {
        return FIELDS.getOrDefault(field, field);
    }
}
