package dev.bosun.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@BosunTest
class SecurityTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountService accounts;

    @Test
    void anonymousPageRequestIsSentToTheLoginPage() throws Exception {
        mvc.perform(get("/sites")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/login")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Sign in")));
    }

    @Test
    void anonymousApiCallGetsProblemJson401NotARedirect() throws Exception {
        mvc.perform(get("/api/v1/sites"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString("Basic")));
    }

    @Test
    void apiAcceptsHttpBasic() throws Exception {
        mvc.perform(get("/api/v1/no-such-thing").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/no-such-thing").with(httpBasic("admin", "wrong-password")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void formLoginWithTheAdminPasswordWorksAndAWrongOneDoesNot() throws Exception {
        mvc.perform(formLogin().user("admin").password(BosunTest.ADMIN_PASSWORD))
                .andExpect(authenticated().withUsername("admin").withRoles("ADMIN"))
                .andExpect(redirectedUrl("/"));
        mvc.perform(formLogin().user("admin").password("not-it"))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void repeatedFailuresLockTheNameEvenForTheRightPassword() throws Exception {
        accounts.createUser("throttled", "right-password-1", Role.OPERATOR, null);
        for (int i = 0; i < 5; i++) {
            mvc.perform(formLogin().user("throttled").password("wrong-" + i)).andExpect(unauthenticated());
        }
        MvcResult locked = mvc.perform(formLogin().user("throttled").password("right-password-1"))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?error"))
                .andReturn();
        mvc.perform(get("/login").param("error", "").cookie(locked.getResponse().getCookie("SESSION")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Too many failed sign-in attempts")));
        mvc.perform(get("/api/v1/anything").with(httpBasic("throttled", "right-password-1")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("locked")));
    }

    @Test
    void failuresFromOneAddressDoNotLockTheNameForAnother() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/api/v1/me").with(httpBasic("admin", "wrong-" + i)).with(from("198.51.100.7")))
                    .andExpect(status().isUnauthorized());
        }
        mvc.perform(get("/api/v1/me").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)).with(from("198.51.100.7")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("locked")));
        mvc.perform(get("/api/v1/me").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)).with(from("192.0.2.1")))
                .andExpect(status().isOk());
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    @Test
    void postWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/account/password").with(user("admin").roles("ADMIN"))
                        .param("currentPassword", "x").param("newPassword", "y").param("confirmation", "y"))
                .andExpect(status().isForbidden());
    }

    @Test
    void clientUserCannotOpenAdminPages() throws Exception {
        accounts.createUser("client1", "client-password", Role.CLIENT, null);
        for (String page : new String[] {"/admin", "/servers", "/clients", "/platforms"}) {
            mvc.perform(get(page).with(user("client1").roles("CLIENT"))).andExpect(status().isForbidden());
        }
        mvc.perform(get("/sites").with(user("client1").roles("CLIENT"))).andExpect(status().isOk());
        mvc.perform(get("/admin").with(user("admin").roles("ADMIN"))).andExpect(status().isOk());
    }

    @Test
    void passwordChangeWorksAndIsValidatedOnTheFields() throws Exception {
        accounts.createUser("changer", "old-password-1", Role.OPERATOR, null);
        var changer = user("changer").roles("OPERATOR");

        mvc.perform(post("/account/password").with(changer).with(csrf())
                        .param("currentPassword", "not-current").param("newPassword", "new-password-22")
                        .param("confirmation", "new-password-22"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("This is not your current password.")));
        mvc.perform(post("/account/password").with(changer).with(csrf())
                        .param("currentPassword", "old-password-1").param("newPassword", "short")
                        .param("confirmation", "short"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Use at least 10 characters.")));

        mvc.perform(post("/account/password").with(changer).with(csrf())
                        .param("currentPassword", "old-password-1").param("newPassword", "new-password-22")
                        .param("confirmation", "new-password-22"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/account/password"));

        mvc.perform(formLogin().user("changer").password("new-password-22")).andExpect(authenticated());
        mvc.perform(formLogin().user("changer").password("old-password-1")).andExpect(unauthenticated());
    }

    @Test
    void healthIsPublicWithStatusOnlyAndTheRestOfActuatorIsForAdmins() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist());
        mvc.perform(get("/actuator/metrics").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(status().isOk());
        accounts.createUser("operator-actuator", "operator-password", Role.OPERATOR, null);
        mvc.perform(get("/actuator/metrics").with(httpBasic("operator-actuator", "operator-password")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/actuator/metrics")).andExpect(status().isUnauthorized());
    }

    @Test
    void passwordsAreStoredHashed(@Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        accounts.createUser("hashed", "plain-password-9", Role.OPERATOR, null);
        String stored = jdbc.sql("SELECT password_hash FROM users WHERE username = 'hashed'").query(String.class).single();
        assertThat(stored).startsWith("{bcrypt}").doesNotContain("plain-password-9");
    }
}
