package dev.bosun.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bosun.account.ApiTokens;
import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
import dev.bosun.account.Role;
import dev.bosun.account.UserAdministration;
import dev.bosun.account.UserForm;
import dev.bosun.test.BosunTest;
import dev.bosun.web.AuthorisationMatrix.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every handler mapping of the running panel (pages and API, each method and pattern), called by an
 * anonymous visitor, a CLIENT user of client A, one of client B, an OPERATOR and an ADMIN, against the
 * table in {@code authorisation-matrix.txt}. A mapping the table does not list fails the build, so a new
 * endpoint cannot arrive without someone deciding who may call it. Path variables are filled with real
 * rows: the site, task and backup of client A, a platform, a server and so on.
 */
@BosunTest
// Its own panel and database: it queues tasks and changes users, which the shared context's page tests must not see.
@TestPropertySource(properties = "bosun.test.context=authorisation-matrix")
class AuthorisationMatrixTests {

    static final String PASSWORD = "matrix-password-1";
    static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(?::[^}]*)?}");

    @Autowired
    MockMvc mvc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UserAdministration users;

    @Autowired
    ClientService clients;

    @Autowired
    ApiTokens tokens;

    final String tag = UUID.randomUUID().toString().substring(0, 8);
    final Map<String, String> usernames = Map.of("clientA", "mx-a-" + tag, "clientB", "mx-b-" + tag,
            "operator", "mx-op-" + tag, "admin", "mx-admin-" + tag);
    long clientA;
    long siteA;
    String siteADomain;
    long platform;
    long platform2;
    long server;
    long task;
    long backup;
    long migration;
    long token;

    @BeforeEach
    void fixture() throws IOException {
        clientA = clients.create(new ClientForm("Matrix A " + tag, null)).id();
        long clientB = clients.create(new ClientForm("Matrix B " + tag, null)).id();
        users.create(new UserForm(usernames.get("clientA"), null, Role.CLIENT, List.of(clientA), PASSWORD));
        users.create(new UserForm(usernames.get("clientB"), null, Role.CLIENT, List.of(clientB), PASSWORD));
        users.create(new UserForm(usernames.get("operator"), null, Role.OPERATOR, List.of(), PASSWORD));
        users.create(new UserForm(usernames.get("admin"), null, Role.ADMIN, List.of(), PASSWORD));
        server = insert("INSERT INTO servers (name, hostname) VALUES ('matrix-" + tag + "', 'localhost') RETURNING id");
        long db = insert("INSERT INTO services (server_id, kind, type) VALUES (" + server + ", 'db', 'mariadb') RETURNING id");
        platform = insert("INSERT INTO platforms (name, server_id, root_path, status) VALUES ('matrix-" + tag + "', "
                + server + ", '/var/www/matrix', 'ENABLED') RETURNING id");
        platform2 = insert("INSERT INTO platforms (name, server_id, root_path, status) VALUES ('matrix2-" + tag + "', "
                + server + ", '/var/www/matrix2', 'ENABLED') RETURNING id");
        siteADomain = "a-" + tag + ".example.com";
        siteA = site(siteADomain, clientA, db);
        site("b-" + tag + ".example.com", clientB, db);
        task = insert("INSERT INTO tasks (type, target_type, target_id, site_id, status, target_label, client_id) "
                + "VALUES ('verify', 'SITE', " + siteA + ", " + siteA + ", 'SUCCESS', '" + siteADomain + "', " + clientA
                + ") RETURNING id");
        Path archive = Files.createTempFile("matrix-", ".tar.gz");
        archive.toFile().deleteOnExit();
        backup = jdbc.sql("""
                INSERT INTO backups (site_id, path, size_bytes, sha256, description, kind)
                VALUES (:site, :path, 0, :sha, 'matrix', 'REQUESTED') RETURNING id""")
                .param("site", siteA).param("path", archive.toString()).param("sha", "0".repeat(64))
                .query(Long.class).single();
        migration = insert("INSERT INTO fleet_migrations (platform_id, target_platform_id, requested_by) VALUES ("
                + platform + ", " + platform2 + ", 'admin') RETURNING id");
        token = tokens.create(usernames.get("admin"), "matrix").id();
    }

    @Test
    void everyMappingAnswersEachCallerAsTheTableSays() throws Exception {
        AuthorisationMatrix matrix = table();
        List<String> mappings = mappings();
        assertThat(mappings).as("the panel's handler mappings").hasSizeGreaterThan(80);
        assertThat(matrix.unlisted(mappings)).as("mappings missing from authorisation-matrix.txt").isEmpty();
        assertThat(matrix.stale(mappings)).as("rows of authorisation-matrix.txt that match no mapping").isEmpty();

        List<String> wrong = new ArrayList<>();
        for (String mapping : mappings) {
            for (String caller : AuthorisationMatrix.CALLERS) {
                Outcome expected = matrix.expected(mapping, caller);
                if (expected == Outcome.ANY) {
                    continue;
                }
                MvcResult result = mvc.perform(request(mapping, caller)).andReturn();
                int status = result.getResponse().getStatus();
                Outcome actual;
                try {
                    actual = AuthorisationMatrix.classify(status, result.getResponse().getRedirectedUrl());
                } catch (IllegalStateException failed) {
                    wrong.add(mapping + " as " + caller + ": " + status + " " + result.getResponse().getContentAsString());
                    continue;
                }
                if (actual != expected) {
                    wrong.add(mapping + " as " + caller + ": expected " + expected + ", got " + status
                            + (result.getResponse().getRedirectedUrl() == null ? "" : " → " + result.getResponse().getRedirectedUrl()));
                }
            }
        }
        assertThat(wrong).as("callers treated otherwise than the table says").isEmpty();
    }

    @Test
    void aMappingTheTableDoesNotListIsReported() {
        AuthorisationMatrix matrix = AuthorisationMatrix.parse("""
                # a comment
                GET /sites   deny allow allow allow allow
                POST /gone   deny deny deny deny allow
                """);

        assertThat(matrix.unlisted(List.of("GET /sites", "DELETE /api/v1/new-thing/{id}")))
                .containsExactly("DELETE /api/v1/new-thing/{id}");
        assertThat(matrix.stale(List.of("GET /sites"))).containsExactly("POST /gone");
    }

    @Test
    void responsesAreClassedAsAllowedOrDenied() {
        assertThat(AuthorisationMatrix.classify(302, "http://localhost/login")).isEqualTo(Outcome.DENY);
        assertThat(AuthorisationMatrix.classify(302, "/login")).isEqualTo(Outcome.DENY);
        assertThat(AuthorisationMatrix.classify(302, "/sites/1")).isEqualTo(Outcome.ALLOW);
        assertThat(AuthorisationMatrix.classify(404, null)).isEqualTo(Outcome.DENY);
        assertThat(AuthorisationMatrix.classify(403, null)).isEqualTo(Outcome.DENY);
        assertThat(AuthorisationMatrix.classify(422, null)).isEqualTo(Outcome.ALLOW);
        assertThat(AuthorisationMatrix.classify(200, null)).isEqualTo(Outcome.ALLOW);
    }

    private AuthorisationMatrix table() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/authorisation-matrix.txt")) {
            assertThat(in).as("authorisation-matrix.txt on the test class path").isNotNull();
            return AuthorisationMatrix.read(in);
        }
    }

    /** "METHOD pattern" of every handler mapping; a mapping for any method is "ANY pattern". */
    private List<String> mappings() {
        TreeSet<String> all = new TreeSet<>();
        for (RequestMappingInfo info : handlerMapping.getHandlerMethods().keySet()) {
            var methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    all.add("ANY " + pattern);
                }
                for (RequestMethod method : methods) {
                    all.add(method.name() + " " + pattern);
                }
            }
        }
        return List.copyOf(all);
    }

    private MockHttpServletRequestBuilder request(String mapping, String caller) {
        String method = mapping.substring(0, mapping.indexOf(' '));
        String pattern = mapping.substring(mapping.indexOf(' ') + 1);
        boolean api = pattern.startsWith("/api/");
        HttpMethod httpMethod = method.equals("ANY") ? HttpMethod.GET : HttpMethod.valueOf(method);
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(httpMethod, fill(pattern));
        if (pattern.endsWith("/compare/{targetId}")) {
            request.param("site", String.valueOf(siteA));
        }
        if (httpMethod != HttpMethod.GET) {
            request.with(csrf());
            if (api) {
                request.contentType(MediaType.APPLICATION_JSON).content("{}");
            }
        }
        if (!caller.equals("anonymous")) {
            String username = usernames.get(caller);
            request.with(api ? httpBasic(username, PASSWORD) : user(username).roles(role(caller).name()));
        }
        return request;
    }

    private static Role role(String caller) {
        return switch (caller) {
            case "admin" -> Role.ADMIN;
            case "operator" -> Role.OPERATOR;
            default -> Role.CLIENT;
        };
    }

    private String fill(String pattern) {
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
            case "domain" -> siteADomain;
            case "token" -> "no-such-reset-link";
            case "targetId" -> String.valueOf(platform2);
            case "migrationId" -> String.valueOf(migration);
            case "siteId" -> String.valueOf(siteA);
            case "id" -> String.valueOf(id(before));
            default -> throw new IllegalStateException("No fixture for {" + name + "} after " + before);
        };
    }

    private long id(String before) {
        if (before.endsWith("/sites/")) {
            return siteA;
        } else if (before.endsWith("/platforms/")) {
            return platform;
        } else if (before.endsWith("/servers/")) {
            return server;
        } else if (before.endsWith("/tasks/")) {
            return task;
        } else if (before.endsWith("/clients/")) {
            return clientA;
        } else if (before.endsWith("/backups/")) {
            return backup;
        } else if (before.endsWith("/users/")) {
            // a fresh user each time: an administrator's delete must not take it from the next call
            return users.create(new UserForm("mx-user-" + UUID.randomUUID().toString().substring(0, 8), null,
                    Role.OPERATOR, List.of(), PASSWORD)).id();
        } else if (before.endsWith("/tokens/")) {
            return token;
        } else if (before.endsWith("/rules/")) {
            return 0;
        }
        throw new IllegalStateException("No fixture for {id} after " + before);
    }

    private long site(String domain, long client, long db) {
        return insert("INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status) VALUES ('"
                + domain + "', " + client + ", " + platform + ", " + db + ", 'standard', 'ENABLED') RETURNING id");
    }

    private long insert(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
