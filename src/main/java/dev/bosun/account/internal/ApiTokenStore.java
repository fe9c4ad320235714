package dev.bosun.account.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bosun.account.ApiTokens.TokenSummary;
import org.springframework.stereotype.Component;

/**
 * The {@code api_tokens} table for {@link dev.bosun.account.ApiTokens}: entities stay in here,
 * summaries and user names go out. Transactions are the calling service's.
 */
@Component
public class ApiTokenStore {

    /** How accurate a token's recorded last use is. */
    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

    private final ApiTokenRepository tokens;
    private final UserAccountRepository users;

    ApiTokenStore(ApiTokenRepository tokens, UserAccountRepository users) {
        this.tokens = tokens;
        this.users = users;
    }

    /** The new token's id, or empty when there is no such user. */
    public Optional<Long> create(String username, String name, String tokenHash, Instant now, Instant expiresAt) {
        return users.findByUsernameIgnoreCase(username)
                .map(user -> tokens.save(new ApiToken(user, name, tokenHash, now, expiresAt)).getId());
    }

    /** The user's tokens, newest first, each marked expired or not as of {@code now}. */
    public List<TokenSummary> list(String username, Instant now) {
        return tokens.findByUser(username).stream().map(token -> token.summary(now)).toList();
    }

    /** False when the user has no such active token. */
    public boolean revoke(String username, long tokenId, Instant now) {
        return tokens.revoke(username, tokenId, now) > 0;
    }

    /** Revokes all of the user's active tokens; how many were. */
    public int revokeAll(String username, Instant now) {
        return tokens.revokeAll(username, now);
    }

    /**
     * Notes the use of an active, unexpired token of an enabled user, and gives that user's name. The last use is
     * written only when the stored one is older than {@link #LAST_USE_RESOLUTION}: a script's burst of calls makes
     * one write, not one per call.
     */
    public Optional<String> use(String tokenHash, Instant now) {
        Optional<ApiToken> token = tokens.findUsable(tokenHash, now);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Instant lastUsed = token.get().getLastUsedAt();
        boolean stale = lastUsed == null || lastUsed.isBefore(now.minus(LAST_USE_RESOLUTION));
        if (stale && tokens.markUsed(token.get().getId(), now) == 0) {
            return Optional.empty();
        }
        return Optional.of(token.get().getUser().getUsername());
    }
}
