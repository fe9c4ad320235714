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
                .andExpect(jsonPath("$.detail").value("This API token is unknown or has been revoked."));
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
}
