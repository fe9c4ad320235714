package dev.bosun.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

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
    MappingFixture rows;

    @BeforeEach
    void fixture() throws IOException {
        users.create(new UserForm(usernames.get("admin"), null, Role.ADMIN, List.of(), PASSWORD));
        long clientB = clients.create(new ClientForm("Matrix B " + tag, null)).id();
        rows = new MappingFixture(jdbc, clients, users, tokens, new MappingFixture.Labels("matrix-" + tag,
                "Matrix A " + tag, "a-" + tag + ".example.com", "/var/www/matrix"), usernames.get("admin"));
        users.create(new UserForm(usernames.get("clientA"), null, Role.CLIENT, List.of(rows.client), PASSWORD));
        users.create(new UserForm(usernames.get("clientB"), null, Role.CLIENT, List.of(clientB), PASSWORD));
        users.create(new UserForm(usernames.get("operator"), null, Role.OPERATOR, List.of(), PASSWORD));
        rows.site("b-" + tag + ".example.com", clientB);
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
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(httpMethod, rows.fill(pattern));
        if (pattern.endsWith("/compare/{targetId}")) {
            request.param("site", String.valueOf(rows.site));
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
}
