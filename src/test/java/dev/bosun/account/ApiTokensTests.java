package dev.bosun.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@BosunTest
class ApiTokensTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ApiTokens tokens;

    @Autowired
    AccountService accounts;

    @Test
    void aTokenSignsApiCallsInWithItsUsersRoleUntilRevoked() throws Exception {
        accounts.createUser("tokenuser", "token-user-password", Role.OPERATOR, null);
        ApiTokens.NewToken token = tokens.create("tokenuser", "ci");

        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value("tokenuser"))
                .andExpect(jsonPath("$.role").value("OPERATOR"));
        mvc.perform(get("/actuator/metrics").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isUnauthorized());

        assertThat(tokens.revoke("tokenuser", token.id())).isTrue();
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("This API token is unknown, expired or revoked."));
        assertThat(tokens.list("tokenuser")).singleElement().satisfies(t -> assertThat(t.active()).isFalse());
    }

    @Test
    void unknownTokensAreRefusedAndTokensAreStoredOnlyHashed(@Autowired JdbcClient jdbc) throws Exception {
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer bsn_not-a-real-token"))
                .andExpect(status().isUnauthorized());
        ApiTokens.NewToken token = tokens.create("admin", "hash check");
        String stored = jdbc.sql("SELECT token_hash FROM api_tokens WHERE id = :id").param("id", token.id())
                .query(String.class).single();
        assertThat(stored).hasSize(64).doesNotContain(token.token().substring(4));
    }

    @Test
    void aUserCannotRevokeSomeoneElsesToken() {
        accounts.createUser("owner", "owner-password-1", Role.OPERATOR, null);
        accounts.createUser("other", "other-password-1", Role.OPERATOR, null);
        ApiTokens.NewToken token = tokens.create("owner", "mine");
        assertThat(tokens.revoke("other", token.id())).isFalse();
        assertThat(tokens.list("owner")).singleElement().satisfies(t -> assertThat(t.active()).isTrue());
    }

    @Test
    void theTokensPageCreatesATokenAndShowsItOnce() throws Exception {
        var result = mvc.perform(post("/account/tokens").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("name", "deploy"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attributeExists("newToken"))
                .andReturn();
        // The flash map lives in the JDBC session: the new token is a (serializable) map of its fields.
        String token = (String) ((java.util.Map<?, ?>) result.getFlashMap().get("newToken")).get("token");
        assertThat(token).startsWith("bsn_");
        mvc.perform(get("/account/tokens").with(user("admin").roles("ADMIN")))
                .andExpect(content().string(containsString("deploy")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString(token))));
        mvc.perform(post("/account/tokens").with(user("admin").roles("ADMIN")).with(csrf()).param("name", " "))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Give the token a name")));
    }

    @Test
    void aTokenExpiresAfterTheDaysChosenAndIsThenRefusedLikeARevokedOne(@Autowired JdbcClient jdbc) throws Exception {
        accounts.createUser("expiring", "expiring-password", Role.OPERATOR, null);
        ApiTokens.NewToken token = tokens.create("expiring", "short-lived", 7);
        assertThat(token.expiresAt()).isBetween(java.time.Instant.now().plus(java.time.Duration.ofDays(6)),
                java.time.Instant.now().plus(java.time.Duration.ofDays(8)));
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isOk());

        jdbc.sql("UPDATE api_tokens SET expires_at = now() - INTERVAL '1 minute' WHERE id = :id")
                .param("id", token.id()).update();
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("This API token is unknown, expired or revoked."));
        assertThat(tokens.list("expiring")).singleElement().satisfies(t -> {
            assertThat(t.expired()).isTrue();
            assertThat(t.active()).isFalse();
            assertThat(t.revoked()).isFalse();
        });
    }

    @Test
    void aTokenLivesNinetyDaysUnlessToldAndOnlyOneToThreeHundredSixtyFiveDays() {
        accounts.createUser("lifetimes", "lifetimes-password", Role.OPERATOR, null);
        ApiTokens.NewToken token = tokens.create("lifetimes", "default");
        assertThat(token.expiresAt()).isBetween(java.time.Instant.now().plus(java.time.Duration.ofDays(89)),
                java.time.Instant.now().plus(java.time.Duration.ofDays(91)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.create("lifetimes", "zero", 0))
                .isInstanceOf(dev.bosun.InvalidInputException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.create("lifetimes", "long", 366))
                .isInstanceOf(dev.bosun.InvalidInputException.class);
        assertThat(tokens.create("lifetimes", "a year", 365).expiresAt()).isAfter(token.expiresAt());
    }

    @Test
    void aTokensUseIsRecordedAsItsLastUse() throws Exception {
        accounts.createUser("used", "used-password-1", Role.OPERATOR, null);
        ApiTokens.NewToken token = tokens.create("used", "ci");
        assertThat(tokens.list("used")).singleElement().satisfies(t -> assertThat(t.lastUsedAt()).isNull());

        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token.token()))
                .andExpect(status().isOk());
        assertThat(tokens.list("used")).singleElement().satisfies(t -> assertThat(t.lastUsedAt())
                .isBetween(t.createdAt(), java.time.Instant.now()));
    }

    @Test
    void theTokensPageTakesTheLifetimeAndShowsExpiryAndLastUse() throws Exception {
        var operator = user("pageuser").roles("OPERATOR");
        accounts.createUser("pageuser", "pageuser-password", Role.OPERATOR, null);
        mvc.perform(get("/account/tokens").with(operator))
                .andExpect(content().string(containsString("name=\"days\"")))
                .andExpect(content().string(containsString("value=\"90\"")));
        mvc.perform(post("/account/tokens").with(operator).with(csrf()).param("name", "weekly").param("days", "7"))
                .andExpect(status().is3xxRedirection());
        ApiTokens.TokenSummary listed = tokens.list("pageuser").get(0);
        assertThat(java.time.Duration.between(listed.createdAt(), listed.expiresAt())).isEqualTo(java.time.Duration.ofDays(7));
        String expires = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(java.time.ZoneId.systemDefault()).format(listed.expiresAt());
        mvc.perform(get("/account/tokens").with(operator))
                .andExpect(content().string(containsString("Expires")))
                .andExpect(content().string(containsString(expires)))
                .andExpect(content().string(containsString("never")));
        mvc.perform(post("/account/tokens").with(operator).with(csrf()).param("name", "forever").param("days", "400"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("A token lives 1 to 365 days.")));
        assertThat(tokens.list("pageuser")).hasSize(1);
    }

    @Test
    void theApiCreatesAndListsTheCallersTokensWithTheirLifetime() throws Exception {
        accounts.createUser("scripter", "scripter-password", Role.OPERATOR, null);
        var basic = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .httpBasic("scripter", "scripter-password");
        String body = mvc.perform(post("/api/v1/tokens").with(basic)
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"nightly\",\"days\":30}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("nightly"))
                .andExpect(jsonPath("$.expiresAt").exists())
                .andReturn().getResponse().getContentAsString();
        String token = com.jayway.jsonpath.JsonPath.read(body, "$.token");
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token))
                .andExpect(jsonPath("$.username").value("scripter"));
        ApiTokens.TokenSummary listed = tokens.list("scripter").get(0);
        assertThat(java.time.Duration.between(listed.createdAt(), listed.expiresAt())).isEqualTo(java.time.Duration.ofDays(30));
        mvc.perform(get("/api/v1/tokens").with(basic))
                .andExpect(jsonPath("$[0].name").value("nightly"))
                .andExpect(jsonPath("$[0].lastUsedAt").exists())
                .andExpect(jsonPath("$[0].token").doesNotExist());

        mvc.perform(post("/api/v1/tokens").with(basic).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"forever\",\"days\":366}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("days")));
        mvc.perform(post("/api/v1/tokens").with(basic).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("name")));
        assertThat(tokens.list("scripter")).hasSize(1);
    }
}
