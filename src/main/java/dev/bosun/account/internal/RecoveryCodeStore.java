package dev.bosun.account.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code recovery_codes} table: hashed, single-use codes of a user's second factor. */
@Component
public class RecoveryCodeStore {

    private final JdbcClient jdbc;

    RecoveryCodeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the user's codes by these hashes. */
    public void replace(long userId, List<String> hashes) {
        removeAll(userId);
        hashes.forEach(hash -> jdbc.sql("INSERT INTO recovery_codes (user_id, code_hash) VALUES (:user, :hash)")
                .param("user", userId).param("hash", hash).update());
    }

    public void removeAll(long userId) {
        jdbc.sql("DELETE FROM recovery_codes WHERE user_id = :user").param("user", userId).update();
    }

    public int unusedCount(long userId) {
        return jdbc.sql("SELECT count(*) FROM recovery_codes WHERE user_id = :user AND used_at IS NULL")
                .param("user", userId).query(Integer.class).single();
    }

    /** Uses the first unused code whose hash {@code matches}; false when none does (or it was used meanwhile). */
    public boolean useMatching(long userId, Predicate<String> matches, Instant now) {
        record Code(long id, String codeHash) {
        }
        List<Code> codes = jdbc.sql("SELECT id, code_hash FROM recovery_codes WHERE user_id = :user AND used_at IS NULL")
                .param("user", userId).query(Code.class).list();
        for (Code code : codes) {
            if (matches.test(code.codeHash())) {
                return jdbc.sql("UPDATE recovery_codes SET used_at = :now WHERE id = :id AND used_at IS NULL")
                        .param("now", Timestamp.from(now)).param("id", code.id()).update() == 1;
            }
        }
        return false;
    }
}
