package dev.bosun.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.bosun.test.BosunTest;
import jakarta.servlet.http.Cookie;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** TOTP enrolment, the code step of the login form, recovery codes, and what API callers see. */
@BosunTest
class SecondFactorTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAdministration users;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Test
    void enrolmentThenSignInAsksForTheCodeAndAcceptsEachCodeOnce() throws Exception {
        String name = "totp-" + UUID.randomUUID().toString().substring(0, 8);
        UserView user = users.create(new UserForm(name, null, Role.OPERATOR, List.of(), "totp-password-11"));
        Cookie session = signedIn(mvc.perform(formLogin().user(name).password("totp-password-11")));
        Document enrolment = page(mvc.perform(get("/account/two-factor").cookie(session)).andReturn());
        String secret = enrolment.getElementById("totp-secret").text();
        assertThat(enrolment.select("img.qr-code").attr("src")).startsWith("data:image/svg+xml;base64,");
        assertThat(enrolment.getElementById("totp-uri").text()).startsWith("otpauth://totp/Bosun:" + name + "?secret=" + secret);

        mvc.perform(post("/account/two-factor").cookie(session).with(csrf()).param("code", "000000x"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(containsString("not the code your app shows")));
        Document confirmed = page(mvc.perform(post("/account/two-factor").cookie(session).with(csrf())
                .param("code", Totp.code(secret, Instant.now()))).andExpect(status().isOk()).andReturn());
        List<String> recoveryCodes = List.of(confirmed.getElementById("recovery-codes").wholeText().strip().split("\n"));
        assertThat(recoveryCodes).hasSize(10).allMatch(code -> code.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
        String stored = jdbc.sql("SELECT totp_secret FROM users WHERE id = :id").param("id", user.id())
                .query(String.class).single();
        assertThat(stored).as("encrypted at rest").startsWith("v1:").doesNotContain(secret);

        MvcResult password = mvc.perform(formLogin().user(name).password("totp-password-11"))
                .andExpect(redirectedUrl("/login/code")).andExpect(unauthenticated()).andReturn();
        Cookie pending = password.getResponse().getCookie("SESSION");
        mvc.perform(get("/sites").cookie(pending)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/login/code").cookie(pending)).andExpect(status().isOk());
        mvc.perform(post("/login/code").cookie(pending).with(csrf()).param("code", "123456"))
                .andExpect(status().isUnauthorized());
        // the step after enrolment's: a code of the step used to enrol is not accepted again
        String code = Totp.code(secret, Instant.now().plus(Totp.STEP));
        MvcResult completed = mvc.perform(post("/login/code").cookie(pending).with(csrf()).param("code", code))
                .andExpect(status().isFound()).andReturn();
        assertThat(completed.getResponse().getRedirectedUrl()).as("back to the page that asked for sign-in")
                .endsWith("/sites?continue");
        Cookie signedIn = completed.getResponse().getCookie("SESSION");
        mvc.perform(get("/sites").cookie(signedIn)).andExpect(status().isOk());

        Cookie again = mvc.perform(formLogin().user(name).password("totp-password-11"))
                .andExpect(redirectedUrl("/login/code")).andReturn().getResponse().getCookie("SESSION");
        mvc.perform(post("/login/code").cookie(again).with(csrf()).param("code", code))
                .andExpect(status().isUnauthorized())
                .andExpect(content().string(containsString("used already")));
    }

    @Test
    void aRecoveryCodeSignsInOnceAndTheAdministratorCanRemoveTheSecondFactor() throws Exception {
        String name = "recover-" + UUID.randomUUID().toString().substring(0, 8);
        UserView user = users.create(new UserForm(name, null, Role.OPERATOR, List.of(), "recover-password-1"));
        Cookie session = signedIn(mvc.perform(formLogin().user(name).password("recover-password-1")));
        String secret = page(mvc.perform(get("/account/two-factor").cookie(session)).andReturn())
                .getElementById("totp-secret").text();
        String[] codes = page(mvc.perform(post("/account/two-factor").cookie(session).with(csrf())
                        .param("code", Totp.code(secret, Instant.now()))).andReturn())
                .getElementById("recovery-codes").wholeText().strip().split("\n");
        String recovery = codes[3];
        String oldUnused = codes[4];
        ApiTokens.NewToken token = tokens.create(name, "ci");

        mvc.perform(get("/api/v1/me").with(httpBasic(name, "recover-password-1")))
                .andExpect(status().isUnauthorized())
                .andExpect(content().string(containsString("API token")));
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token())).andExpect(status().isOk());

        Cookie first = pendingSignIn(name, "recover-password-1");
        signedIn(mvc.perform(post("/login/code").cookie(first).with(csrf()).param("code", recovery.toUpperCase()))
                .andExpect(redirectedUrl("/")));
        Cookie second = pendingSignIn(name, "recover-password-1");
        mvc.perform(post("/login/code").cookie(second).with(csrf()).param("code", recovery))
                .andExpect(status().isUnauthorized());

        // new codes, for the password only; the old unused ones stop working
        String unused = page(mvc.perform(get("/account/two-factor").cookie(session)).andReturn()).text();
        assertThat(unused).contains("9 recovery codes left");
        mvc.perform(post("/account/two-factor/recovery-codes").cookie(session).with(csrf()).param("password", "wrong"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(containsString("This is not your password.")));
        Document renewed = page(mvc.perform(post("/account/two-factor/recovery-codes").cookie(session).with(csrf())
                .param("password", "recover-password-1")).andExpect(status().isOk()).andReturn());
        List<String> fresh = List.of(renewed.getElementById("recovery-codes").wholeText().strip().split("\n"));
        assertThat(fresh).hasSize(10).doesNotContain(recovery);
        assertThat(renewed.text()).contains("10 recovery codes left");
        Cookie third = pendingSignIn(name, "recover-password-1");
        mvc.perform(post("/login/code").cookie(third).with(csrf()).param("code", oldUnused))
                .andExpect(status().isUnauthorized());
        signedIn(mvc.perform(post("/login/code").cookie(third).with(csrf()).param("code", fresh.get(0)))
                .andExpect(redirectedUrl("/")));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'user.recovery-codes-renew' AND target_id = :id")
                .param("id", user.id()).query(Long.class).single()).isEqualTo(1);

        mvc.perform(post("/admin/users/{id}/second-factor-reset", user.id())
                        .with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/admin/users/" + user.id()));
        assertThat(users.get(user.id()).secondFactor()).isFalse();
        mvc.perform(formLogin().user(name).password("recover-password-1")).andExpect(authenticated());
    }

    private Cookie pendingSignIn(String name, String password) throws Exception {
        return mvc.perform(formLogin().user(name).password(password))
                .andExpect(redirectedUrl("/login/code")).andReturn().getResponse().getCookie("SESSION");
    }

    private static Cookie signedIn(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        Cookie session = result.andExpect(authenticated()).andReturn().getResponse().getCookie("SESSION");
        assertThat(session).as("session cookie").isNotNull();
        return session;
    }

    private static Document page(MvcResult result) throws Exception {
        return Jsoup.parse(result.getResponse().getContentAsString());
    }
}
