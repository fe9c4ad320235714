package dev.bosun.account.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import dev.bosun.account.ApiTokens.TokenSummary;
import dev.bosun.account.Role;
import dev.bosun.test.BosunTest;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

@BosunTest
@Transactional
class ApiTokenRepositoryTests {

    static final Instant CREATED = Instant.parse("2026-03-01T10:00:00.000001999Z");
    static final String HASH = "ab".repeat(32);

    @Autowired
    ApiTokenRepository tokens;

    @Autowired
    UserAccountRepository users;

    @Autowired
    EntityManager entityManager;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTokenIsStoredInItsColumnsAndReadBackWithItsUser() {
        UserAccount owner = users.save(new UserAccount("token-owner", "x", Role.OPERATOR, null, CREATED));
        long id = tokens.saveAndFlush(new ApiToken(owner, "deploy", HASH, CREATED)).getId();
        entityManager.clear();

        Map<String, Object> stored = jdbc.sql("""
                SELECT user_id, name, token_hash, last_used_at, revoked_at FROM api_tokens WHERE id = :id""")
                .param("id", id).query().singleRow();
        assertThat(stored).containsEntry("user_id", owner.getId()).containsEntry("name", "deploy")
                .containsEntry("token_hash", HASH).containsEntry("last_used_at", null).containsEntry("revoked_at", null);

        ApiToken token = tokens.findUsable(HASH).orElseThrow();
        assertThat(token.getUser().getUsername()).isEqualTo("token-owner");
        assertThat(token.summary()).isEqualTo(new TokenSummary(id, "deploy", Instant.parse("2026-03-01T10:00:00.000001Z"),
                null, null));
        assertThat(tokens.findByUser("TOKEN-OWNER")).extracting(ApiToken::getId).containsExactly(id);
    }

    @Test
    void useAndRevocationAreConditionalUpdatesAndARevokedTokenIsNoLongerUsable() {
        UserAccount owner = users.save(new UserAccount("revoking-owner", "x", Role.ADMIN, null, CREATED));
        long id = tokens.saveAndFlush(new ApiToken(owner, "ci", HASH, CREATED)).getId();

        assertThat(tokens.markUsed(id, Instant.parse("2026-03-01T10:00:05Z"))).isOne();
        assertThat(tokens.revoke("someone-else", id, Instant.parse("2026-03-01T10:00:08Z"))).isZero();
        assertThat(tokens.revoke("Revoking-Owner", id, Instant.parse("2026-03-01T10:00:10Z"))).isOne();
        assertThat(tokens.revoke("revoking-owner", id, Instant.parse("2026-03-01T10:00:20Z"))).isZero();
        assertThat(tokens.markUsed(id, Instant.parse("2026-03-01T10:00:30Z"))).isZero();
        entityManager.clear();

        TokenSummary summary = tokens.findById(id).orElseThrow().summary();
        assertThat(summary.lastUsedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:05Z"));
        assertThat(summary.revokedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:10Z"));
        assertThat(tokens.findUsable(HASH)).isEmpty();
    }

    @Test
    void aDisabledUsersTokenIsNotUsable() {
        UserAccount owner = users.save(new UserAccount("disabled-owner", "x", Role.OPERATOR, null, CREATED));
        tokens.save(new ApiToken(owner, "old", HASH, CREATED));
        tokens.flush();
        jdbc.sql("UPDATE users SET enabled = false WHERE id = :id").param("id", owner.getId()).update();
        entityManager.clear();

        assertThat(tokens.findUsable(HASH)).isEmpty();
    }
}
