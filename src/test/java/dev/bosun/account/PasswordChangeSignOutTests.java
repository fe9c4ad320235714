package dev.bosun.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.bosun.test.BosunTest;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.test.web.servlet.MockMvc;

/** A password change leaves its holder nothing but the session that made it: other sessions and tokens end. */
@BosunTest
class PasswordChangeSignOutTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountService accounts;

    @Autowired
    ApiTokens tokens;

    @Autowired
    FindByIndexNameSessionRepository<? extends Session> sessions;

    @Test
    void changingThePasswordEndsTheOtherSessionsAndRevokesTheTokensButKeepsThisSession() throws Exception {
        accounts.createUser("mover", "old-password-1", Role.OPERATOR, null);
        accounts.createUser("unmoved", "their-password-1", Role.OPERATOR, null);
        ApiTokens.NewToken token = tokens.create("mover", "ci");
        ApiTokens.NewToken othersToken = tokens.create("unmoved", "ci");
        Cookie here = signIn("mover", "old-password-1");
        Cookie elsewhere = signIn("mover", "old-password-1");
        Cookie someoneElse = signIn("unmoved", "their-password-1");
        assertThat(sessions.findByPrincipalName("mover")).hasSize(2);
        mvc.perform(get("/account/password").cookie(elsewhere)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token())).andExpect(status().isOk());

        mvc.perform(post("/account/password").cookie(here).with(csrf())
                        .param("currentPassword", "old-password-1").param("newPassword", "new-password-22")
                        .param("confirmation", "new-password-22"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/account/password"));

        assertThat(sessions.findByPrincipalName("mover")).hasSize(1);
        mvc.perform(get("/account/password").cookie(here)).andExpect(status().isOk());
        mvc.perform(get("/account/password").cookie(elsewhere))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"));
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isUnauthorized());
        assertThat(tokens.list("mover")).singleElement().satisfies(t -> assertThat(t.revoked()).isTrue());

        mvc.perform(get("/account/password").cookie(someoneElse)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + othersToken.token()))
                .andExpect(status().isOk());
    }

    private Cookie signIn(String username, String password) throws Exception {
        Cookie session = mvc.perform(formLogin().user(username).password(password))
                .andExpect(authenticated())
                .andReturn().getResponse().getCookie("SESSION");
        assertThat(session).as("session cookie").isNotNull();
        return session;
    }
}
