package dev.bosun.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bosun.account.ApiTokens;
import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
import dev.bosun.account.Role;
import dev.bosun.account.UserAdministration;
import dev.bosun.account.UserForm;
import dev.bosun.test.BackupRows;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Real rows behind every path variable of the panel's handler mappings, for the tests that call each mapping
 * (AuthorisationMatrixTests, ScreenWidthTests): a client, a server with a database service, two platforms, a site
 * of the client, a task and a backup of that site, a fleet migration between the platforms and an API token.
 * {@link #fill} puts them into a mapping's pattern; a new path variable needs one row here.
 */
final class MappingFixture {

    static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(?::[^}]*)?}");

    /** The labels of the rows: a prefix for names, the client's name, the site's domain, the platform's root. */
    record Labels(String prefix, String clientName, String domain, String rootPath) {
    }

    private final JdbcClient jdbc;
    private final UserAdministration users;
    final long client;
    final long server;
    final long dbService;
    final long platform;
    final long platform2;
    final String domain;
    final long site;
    final long task;
    final long backup;
    final long migration;
    final long token;

    /** Inserts the rows; the API token belongs to {@code tokenOwner}, an existing user. */
    MappingFixture(JdbcClient jdbc, ClientService clients, UserAdministration users, ApiTokens tokens, Labels labels,
                   String tokenOwner) throws IOException {
        this.jdbc = jdbc;
        this.users = users;
        String prefix = labels.prefix();
        client = clients.create(new ClientForm(labels.clientName(), null)).id();
        server = insert("INSERT INTO servers (name, hostname) VALUES ('" + prefix + "', 'localhost') RETURNING id");
        dbService = insert("INSERT INTO services (server_id, kind, type) VALUES (" + server
                + ", 'db', 'mariadb') RETURNING id");
        platform = insert("INSERT INTO platforms (name, server_id, root_path, status) VALUES ('" + prefix + "', "
                + server + ", '" + labels.rootPath() + "', 'ENABLED') RETURNING id");
        platform2 = insert("INSERT INTO platforms (name, server_id, root_path, status) VALUES ('" + prefix + "-2', "
                + server + ", '" + labels.rootPath() + "-2', 'ENABLED') RETURNING id");
        domain = labels.domain();
        site = site(domain, client);
        task = insert("INSERT INTO tasks (type, target_type, target_id, site_id, status, target_label, client_id) "
                + "VALUES ('verify', 'SITE', " + site + ", " + site + ", 'SUCCESS', '" + domain + "', " + client
                + ") RETURNING id");
        Path archive = Files.createTempFile(prefix + "-", ".tar.gz");
        archive.toFile().deleteOnExit();
        backup = jdbc.sql("""
                INSERT INTO backups (site_id, path, size_bytes, sha256, description, kind)
                VALUES (:site, :path, 0, :sha, :description, 'REQUESTED') RETURNING id""")
                .param("site", site).param("path", archive.toString()).param("sha", "0".repeat(64))
                .param("description", "before " + prefix).query(Long.class).single();
        BackupRows.newestKept(jdbc, site);
        migration = insert("INSERT INTO fleet_migrations (platform_id, target_platform_id, requested_by) VALUES ("
                + platform + ", " + platform2 + ", 'admin') RETURNING id");
        token = tokens.create(tokenOwner, prefix).id();
    }

    /** Another enabled site on the fixture's platform and database service. */
    long site(String siteDomain, long siteClient) {
        return insert("INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status) VALUES ('"
                + siteDomain + "', " + siteClient + ", " + platform + ", " + dbService
                + ", 'standard', 'ENABLED') RETURNING id");
    }

    /** The pattern of a handler mapping with each path variable replaced by a real value. */
    String fill(String pattern) {
        Matcher variable = VARIABLE.matcher(pattern);
        StringBuilder uri = new StringBuilder();
        while (variable.find()) {
            String before = pattern.substring(0, variable.start());
            variable.appendReplacement(uri, Matcher.quoteReplacement(value(before, variable.group(1))));
        }
        variable.appendTail(uri);
        return uri.toString();
    }

    /** A real value for the path variable {@code name} that follows {@code before}. */
    private String value(String before, String name) {
        return switch (name) {
            case "type" -> before.endsWith("/dialogs/") ? "clone" : "verify";
            case "domain" -> domain;
            case "token" -> "no-such-reset-link";
            case "targetId" -> String.valueOf(platform2);
            case "migrationId" -> String.valueOf(migration);
            case "siteId" -> String.valueOf(site);
            case "id" -> String.valueOf(id(before));
            default -> throw new IllegalStateException("No row for {" + name + "} after " + before
                    + ": add one to MappingFixture");
        };
    }

    private long id(String before) {
        if (before.endsWith("/sites/")) {
            return site;
        } else if (before.endsWith("/platforms/")) {
            return platform;
        } else if (before.endsWith("/servers/")) {
            return server;
        } else if (before.endsWith("/tasks/")) {
            return task;
        } else if (before.endsWith("/clients/")) {
            return client;
        } else if (before.endsWith("/backups/")) {
            return backup;
        } else if (before.endsWith("/users/")) {
            // a fresh user each time: an administrator's delete must not take it from the next call
            return users.create(new UserForm("fx-user-" + UUID.randomUUID().toString().substring(0, 8), null,
                    Role.OPERATOR, List.of(), "fixture-password-1")).id();
        } else if (before.endsWith("/tokens/")) {
            return token;
        } else if (before.endsWith("/rules/")) {
            return 0;
        }
        throw new IllegalStateException("No row for {id} after " + before + ": add one to MappingFixture");
    }

    private long insert(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
