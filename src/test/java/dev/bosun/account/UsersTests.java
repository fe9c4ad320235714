package dev.bosun.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.bosun.NumberedPage;
import dev.bosun.test.BosunTest;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The administrator's users pages and API, with their guard rails and password resets. */
@BosunTest
class UsersTests {

    static final RequestPostProcessor ADMIN = httpBasic("admin", BosunTest.ADMIN_PASSWORD);
    static final RequestPostProcessor ADMIN_PAGES = user("admin").roles("ADMIN");

    @Autowired
    MockMvc mvc;

    @Autowired
    ClientService clients;

    @Autowired
    UserAdministration users;

    @Autowired
    ApiTokens tokens;

    @Autowired
    AuditLog auditLog;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theApiCreatesListsEditsDisablesEnablesAndDeletesUsers() throws Exception {
        long acme = client("Acme");
        long globex = client("Globex");
        String name = unique("client");
        String created = mvc.perform(post("/api/v1/users").with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"username": "%s", "email": "c@example.com", "role": "CLIENT",
                                 "clientIds": [%d], "password": "client-password-1"}""".formatted(name, acme)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.role").value("CLIENT"))
                .andExpect(jsonPath("$.clientIds[0]").value(acme))
                .andExpect(jsonPath("$.enabled").value(true))
                .andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(created, "$.id")).longValue();
        mvc.perform(get("/api/v1/users").with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("\"username\":\"" + name + "\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("password"))));
        mvc.perform(get("/api/v1/me").with(httpBasic(name, "client-password-1"))).andExpect(status().isOk());

        mvc.perform(put("/api/v1/users/{id}", id).with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\": null, \"role\": \"CLIENT\", \"clientIds\": [%d, %d]}".formatted(acme, globex)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.clientIds.length()").value(2));
        assertThat(users.get(id).clientIds()).containsExactlyInAnyOrder(acme, globex);

        mvc.perform(post("/api/v1/users/{id}/disable", id).with(ADMIN)).andExpect(jsonPath("$.enabled").value(false));
        mvc.perform(get("/api/v1/me").with(httpBasic(name, "client-password-1"))).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/users/{id}/enable", id).with(ADMIN)).andExpect(jsonPath("$.enabled").value(true));
        mvc.perform(get("/api/v1/me").with(httpBasic(name, "client-password-1"))).andExpect(status().isOk());

        mvc.perform(delete("/api/v1/users/{id}", id).with(ADMIN)).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/users/{id}", id).with(ADMIN)).andExpect(status().isNotFound());
        assertThat(auditLog.latest(200)).extracting(AuditLog.AuditEntry::action)
                .contains("user.create", "user.update", "user.disable", "user.enable", "user.delete");
    }

    @Test
    void badInputAnswers422NamingEachField() throws Exception {
        mvc.perform(post("/api/v1/users").with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"username": "a b", "email": "nope", "role": "CLIENT", "clientIds": [], "password": "short"}"""))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(content().string(containsString("username")))
                .andExpect(content().string(containsString("email")))
                .andExpect(content().string(containsString("clientIds")))
                .andExpect(content().string(containsString("password")));
        mvc.perform(post("/api/v1/users").with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\": \"x-role\", \"role\": \"ROOT\", \"password\": \"long-enough-1\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(containsString("role")));
        mvc.perform(post("/api/v1/users/{id}/password-reset", adminId()).with(ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"mode\": \"carrier-pigeon\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(containsString("mode")));
    }

    @Test
    void anAdministratorCannotDisableDeleteOrDemoteThemselves() throws Exception {
        long admin = adminId();
        mvc.perform(post("/api/v1/users/{id}/disable", admin).with(ADMIN))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(containsString("You cannot disable yourself.")));
        mvc.perform(delete("/api/v1/users/{id}", admin).with(ADMIN)).andExpect(status().isUnprocessableEntity());
        mvc.perform(put("/api/v1/users/{id}", admin).with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\": \"OPERATOR\"}"))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(post("/admin/users/{id}/delete", admin).with(ADMIN_PAGES).with(csrf()))
                .andExpect(redirectedUrl("/admin/users/" + admin))
                .andExpect(flash().attribute("flashError", "You cannot delete yourself."));
        assertThat(users.get(admin).enabled()).isTrue();
        assertThat(users.get(admin).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void theUsersPageShowsFiftyUsersAPageByUsernameWithTheirClients() throws Exception {
        String prefix = unique("many");
        long client = client("Many");
        String clientName = clients.names(List.of(client)).get(client);
        List<Long> mine = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < NumberedPage.SIZE + 5; i++) {
                long id = jdbc.sql("""
                        INSERT INTO users (username, password_hash, role) VALUES (:name, '!', :role) RETURNING id""")
                        .param("name", prefix + "-%02d".formatted(i)).param("role", i % 2 == 0 ? "CLIENT" : "OPERATOR")
                        .query(Long.class).single();
                if (i % 2 == 0) {
                    jdbc.sql("INSERT INTO client_users (client_id, user_id) VALUES (:client, :user)")
                            .param("client", client).param("user", id).update();
                }
                mine.add(id);
            }

            NumberedPage<UserView> first = users.page(0);
            assertThat(first.items()).hasSize(NumberedPage.SIZE);
            List<UserView> all = new java.util.ArrayList<>();
            for (int page = 0; page < first.pages(); page++) {
                all.addAll(users.page(page).items());
            }
            assertThat(all).hasSize((int) first.total()).extracting(UserView::username).isSorted()
                    .doesNotHaveDuplicates();
            assertThat(all).as("every page's users carry their own clients, read for the page")
                    .filteredOn(user -> mine.contains(user.id()))
                    .hasSize(mine.size())
                    .allSatisfy(user -> assertThat(user.clientIds()).isEqualTo(user.role() == Role.CLIENT
                            ? List.of(client) : List.of()));
            assertThat(all).as("the API's list: the same users with the same clients").isEqualTo(users.list());

            mvc.perform(get("/admin/users").with(ADMIN_PAGES))
                    .andExpect(content().string(containsString("Page 1 of " + first.pages() + " · " + first.total()
                            + " users")))
                    .andExpect(content().string(containsString("href=\"/admin/users?page=" + (first.pages() - 1) + "\"")));
            int page = all.indexOf(all.stream().filter(user -> user.id() == mine.get(0)).findFirst().orElseThrow())
                    / NumberedPage.SIZE;
            mvc.perform(get("/admin/users").param("page", String.valueOf(page)).with(ADMIN_PAGES))
                    .andExpect(content().string(containsString(">" + prefix + "-00<")))
                    .andExpect(content().string(containsString(">" + clientName + "</span>")))
                    .andExpect(content().string(not(containsString("<span>null</span>"))));
        } finally {
            jdbc.sql("DELETE FROM users WHERE id IN (:ids)").param("ids", mine).update();
        }
    }

    @Test
    void onlyAdministratorsManageUsers() throws Exception {
        String operator = unique("op");
        users.create(new UserForm(operator, null, Role.OPERATOR, List.of(), "operator-password-1"));
        mvc.perform(get("/api/v1/users").with(httpBasic(operator, "operator-password-1")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin/users").with(user(operator).roles("OPERATOR")))
                .andExpect(status().isForbidden());
    }

    @Test
    void thePagesCreateAndEditUsersWithFieldErrorsForBadInput() throws Exception {
        long acme = client("Pages");
        mvc.perform(get("/admin/users").with(ADMIN_PAGES)).andExpect(status().isOk())
                .andExpect(content().string(containsString("New user")));
        mvc.perform(post("/admin/users/new").with(ADMIN_PAGES).with(csrf()).param("username", "")
                        .param("role", "CLIENT").param("password", "short"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("2 to 100 letters")))
                .andExpect(content().string(containsString("Choose at least one client")))
                .andExpect(content().string(containsString("Use at least 10 characters.")));
        String name = unique("paged");
        String location = mvc.perform(post("/admin/users/new").with(ADMIN_PAGES).with(csrf()).param("username", name)
                        .param("role", "CLIENT").param("clientIds", String.valueOf(acme))
                        .param("password", "paged-password-1"))
                .andExpect(status().isFound())
                .andReturn().getResponse().getRedirectedUrl();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        assertThat(users.get(id).clientIds()).containsExactly(acme);
        mvc.perform(get(location).with(ADMIN_PAGES)).andExpect(status().isOk())
                .andExpect(content().string(containsString(name)));

        mvc.perform(post(location).with(ADMIN_PAGES).with(csrf()).param("role", "OPERATOR").param("email", "x@example.com"))
                .andExpect(redirectedUrl(location));
        assertThat(users.get(id).role()).isEqualTo(Role.OPERATOR);
        assertThat(users.get(id).clientIds()).as("only client users are linked to clients").isEmpty();
        mvc.perform(post(location + "/disable").with(ADMIN_PAGES).with(csrf())).andExpect(redirectedUrl(location));
        assertThat(users.get(id).enabled()).isFalse();
        mvc.perform(post(location + "/delete").with(ADMIN_PAGES).with(csrf())).andExpect(redirectedUrl("/admin/users"));
        mvc.perform(get(location).with(ADMIN_PAGES)).andExpect(status().isNotFound());
    }

    @Test
    void aDisabledUserCannotSignInNorUseItsTokensAndItsSessionsEnd() throws Exception {
        String name = unique("disabled");
        UserView user = users.create(new UserForm(name, null, Role.OPERATOR, List.of(), "disabled-password-1"));
        ApiTokens.NewToken token = tokens.create(name, "ci");
        Cookie session = signIn(name, "disabled-password-1");
        mvc.perform(get("/sites").cookie(session)).andExpect(status().isOk());

        users.setEnabled(user.id(), false, "admin");

        mvc.perform(get("/sites").cookie(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(formLogin().user(name).password("disabled-password-1")).andExpect(unauthenticated());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isUnauthorized());
        users.setEnabled(user.id(), true, "admin");
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token())).andExpect(status().isOk());
    }

    @Test
    void aResetLinkWorksOnceEndsSessionsAndRevokesTokens() throws Exception {
        String name = unique("forgetful");
        UserView user = users.create(new UserForm(name, null, Role.OPERATOR, List.of(), "forgotten-password-1"));
        ApiTokens.NewToken token = tokens.create(name, "ci");
        Cookie session = signIn(name, "forgotten-password-1");
        String link = JsonPath.read(mvc.perform(post("/api/v1/users/{id}/password-reset", user.id()).with(ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"mode\": \"link\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.expiresAt").isNotEmpty())
                .andReturn().getResponse().getContentAsString(), "$.link");
        String path = link.substring(link.indexOf("/password-reset/"));

        mvc.perform(get(path)).andExpect(status().isOk()).andExpect(content().string(containsString(name)));
        mvc.perform(post(path).with(csrf()).param("password", "new-password-22").param("confirmation", "other-password"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(containsString("do not match")));
        mvc.perform(post(path).with(csrf()).param("password", "new-password-22").param("confirmation", "new-password-22"))
                .andExpect(redirectedUrl("/login"));

        mvc.perform(formLogin().user(name).password("new-password-22")).andExpect(authenticated());
        mvc.perform(formLogin().user(name).password("forgotten-password-1")).andExpect(unauthenticated());
        mvc.perform(get("/sites").cookie(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isUnauthorized());

        mvc.perform(get(path)).andExpect(status().isGone());
        mvc.perform(post(path).with(csrf()).param("password", "third-password-333").param("confirmation", "third-password-333"))
                .andExpect(status().isGone());
        mvc.perform(formLogin().user(name).password("third-password-333")).andExpect(unauthenticated());
    }

    @Test
    void anExpiredResetLinkNoLongerWorks() throws Exception {
        String name = unique("late");
        UserView user = users.create(new UserForm(name, null, Role.OPERATOR, List.of(), "late-password-111"));
        PasswordReset reset = users.createResetLink(user.id());
        String path = reset.link().substring(reset.link().indexOf("/password-reset/"));
        mvc.perform(get(path)).andExpect(status().isOk());

        jdbc.sql("UPDATE password_reset_links SET expires_at = now() - INTERVAL '1 minute' WHERE user_id = :id")
                .param("id", user.id()).update();

        mvc.perform(get(path)).andExpect(status().isGone());
        mvc.perform(post(path).with(csrf()).param("password", "late-password-222").param("confirmation", "late-password-222"))
                .andExpect(status().isGone());
        mvc.perform(formLogin().user(name).password("late-password-111")).andExpect(authenticated());
    }

    @Test
    void aRandomPasswordIsShownOnceAndTakesEverythingElseBack() throws Exception {
        String name = unique("random");
        UserView user = users.create(new UserForm(name, null, Role.OPERATOR, List.of(), "before-reset-11"));
        ApiTokens.NewToken token = tokens.create(name, "ci");
        String page = mvc.perform(post("/admin/users/{id}/password-reset", user.id()).with(ADMIN_PAGES).with(csrf())
                        .param("mode", "password"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String shown = org.jsoup.Jsoup.parse(page).getElementById("new-password").text();
        mvc.perform(formLogin().user(name).password(shown)).andExpect(authenticated());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isUnauthorized());
        mvc.perform(formLogin().user(name).password("before-reset-11")).andExpect(unauthenticated());
        String password = JsonPath.read(mvc.perform(post("/api/v1/users/{id}/password-reset", user.id()).with(ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"mode\": \"password\"}"))
                .andReturn().getResponse().getContentAsString(), "$.password");
        mvc.perform(formLogin().user(name).password(password)).andExpect(authenticated());
    }

    private Cookie signIn(String username, String password) throws Exception {
        Cookie session = mvc.perform(formLogin().user(username).password(password))
                .andExpect(authenticated())
                .andReturn().getResponse().getCookie("SESSION");
        assertThat(session).as("session cookie").isNotNull();
        return session;
    }

    private long adminId() {
        return users.list().stream().filter(user -> user.username().equals("admin")).findFirst().orElseThrow().id();
    }

    private long client(String name) {
        return clients.create(new ClientForm(unique(name), null)).id();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
