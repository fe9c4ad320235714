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
    static final Instant EXPIRES = Instant.parse("2026-05-30T10:00:00Z");
    static final Instant BEFORE_EXPIRY = Instant.parse("2026-03-01T10:00:01Z");
    static final String HASH = "ab".repeat(32);

    @Autowired
    ApiTokenRepository tokens;

    @Autowired
    UserAccountRepository users;

    @Autowired
    EntityManager entityManager;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApiTokenStore store;

    @Test
    void aTokenIsStoredInItsColumnsAndReadBackWithItsUser() {
        UserAccount owner = users.save(new UserAccount("token-owner", "x", Role.OPERATOR, null, CREATED));
        long id = tokens.saveAndFlush(new ApiToken(owner, "deploy", HASH, CREATED, EXPIRES)).getId();
        entityManager.clear();

        Map<String, Object> stored = jdbc.sql("""
                SELECT user_id, name, token_hash, last_used_at, expires_at, revoked_at FROM api_tokens WHERE id = :id""")
                .param("id", id).query().singleRow();
        assertThat(stored).containsEntry("user_id", owner.getId()).containsEntry("name", "deploy")
                .containsEntry("token_hash", HASH).containsEntry("last_used_at", null).containsEntry("revoked_at", null);
        assertThat(((java.sql.Timestamp) stored.get("expires_at")).toInstant()).isEqualTo(EXPIRES);

        ApiToken token = tokens.findUsable(HASH, BEFORE_EXPIRY).orElseThrow();
        assertThat(token.getUser().getUsername()).isEqualTo("token-owner");
        assertThat(token.summary(BEFORE_EXPIRY)).isEqualTo(new TokenSummary(id, "deploy",
                Instant.parse("2026-03-01T10:00:00.000001Z"), null, EXPIRES, null, false));
        assertThat(tokens.findByUser("TOKEN-OWNER")).extracting(ApiToken::getId).containsExactly(id);
    }

    @Test
    void useAndRevocationAreConditionalUpdatesAndARevokedTokenIsNoLongerUsable() {
        UserAccount owner = users.save(new UserAccount("revoking-owner", "x", Role.ADMIN, null, CREATED));
        long id = tokens.saveAndFlush(new ApiToken(owner, "ci", HASH, CREATED, EXPIRES)).getId();

        assertThat(tokens.markUsed(id, Instant.parse("2026-03-01T10:00:05Z"))).isOne();
        assertThat(tokens.revoke("someone-else", id, Instant.parse("2026-03-01T10:00:08Z"))).isZero();
        assertThat(tokens.revoke("Revoking-Owner", id, Instant.parse("2026-03-01T10:00:10Z"))).isOne();
        assertThat(tokens.revoke("revoking-owner", id, Instant.parse("2026-03-01T10:00:20Z"))).isZero();
        assertThat(tokens.markUsed(id, Instant.parse("2026-03-01T10:00:30Z"))).isZero();
        entityManager.clear();

        TokenSummary summary = tokens.findById(id).orElseThrow().summary(BEFORE_EXPIRY);
        assertThat(summary.lastUsedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:05Z"));
        assertThat(summary.revokedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:10Z"));
        assertThat(tokens.findUsable(HASH, BEFORE_EXPIRY)).isEmpty();
    }

    @Test
    void callsInARowWriteTheLastUseOncePerMinute() {
        UserAccount owner = users.save(new UserAccount("busy-owner", "x", Role.OPERATOR, null, CREATED));
        long id = tokens.saveAndFlush(new ApiToken(owner, "script", HASH, CREATED, EXPIRES)).getId();
        Instant first = Instant.parse("2026-03-01T10:00:05Z");

        assertThat(store.use(HASH, first)).contains("busy-owner");
        entityManager.clear(); // each call is a request of its own
        assertThat(store.use(HASH, first.plusSeconds(1))).contains("busy-owner");
        entityManager.clear();
        assertThat(store.use(HASH, first.plusSeconds(59))).contains("busy-owner");
        entityManager.clear();
        assertThat(lastUsed(id)).as("calls within a minute of the stored use write nothing").isEqualTo(first);

        assertThat(store.use(HASH, first.plusSeconds(61))).contains("busy-owner");
        entityManager.clear();
        assertThat(lastUsed(id)).isEqualTo(first.plusSeconds(61));
    }

    private Instant lastUsed(long id) {
        return jdbc.sql("SELECT last_used_at FROM api_tokens WHERE id = :id").param("id", id)
                .query(java.sql.Timestamp.class).single().toInstant();
    }

    @Test
    void aDisabledUsersTokenIsNotUsable() {
        UserAccount owner = users.save(new UserAccount("disabled-owner", "x", Role.OPERATOR, null, CREATED));
        tokens.save(new ApiToken(owner, "old", HASH, CREATED, EXPIRES));
        tokens.flush();
        jdbc.sql("UPDATE users SET enabled = false WHERE id = :id").param("id", owner.getId()).update();
        entityManager.clear();

        assertThat(tokens.findUsable(HASH, BEFORE_EXPIRY)).isEmpty();
    }

    @Test
    void aTokenIsNotUsableFromItsExpiryOn() {
        UserAccount owner = users.save(new UserAccount("expiring-owner", "x", Role.OPERATOR, null, CREATED));
        ApiToken saved = tokens.saveAndFlush(new ApiToken(owner, "short", HASH, CREATED, EXPIRES));
        entityManager.clear();

        assertThat(tokens.findUsable(HASH, EXPIRES.minusSeconds(1))).isPresent();
        assertThat(tokens.findUsable(HASH, EXPIRES)).isEmpty();
        assertThat(saved.summary(EXPIRES).expired()).isTrue();
        assertThat(saved.summary(EXPIRES).active()).isFalse();
        assertThat(saved.summary(EXPIRES.minusSeconds(1)).active()).isTrue();
    }

    @Test
    void revokingAllOfAUsersTokensLeavesOtherUsersTokens() {
        UserAccount owner = users.save(new UserAccount("many-owner", "x", Role.OPERATOR, null, CREATED));
        UserAccount other = users.save(new UserAccount("other-token-owner", "x", Role.OPERATOR, null, CREATED));
        tokens.save(new ApiToken(owner, "one", "01".repeat(32), CREATED, EXPIRES));
        tokens.save(new ApiToken(owner, "two", "02".repeat(32), CREATED, EXPIRES));
        tokens.save(new ApiToken(other, "three", "03".repeat(32), CREATED, EXPIRES));
        tokens.flush();

        assertThat(tokens.revokeAll("Many-Owner", BEFORE_EXPIRY)).isEqualTo(2);
        entityManager.clear();
        assertThat(tokens.findUsable("01".repeat(32), BEFORE_EXPIRY)).isEmpty();
        assertThat(tokens.findUsable("02".repeat(32), BEFORE_EXPIRY)).isEmpty();
        assertThat(tokens.findUsable("03".repeat(32), BEFORE_EXPIRY)).isPresent();
    }
}
