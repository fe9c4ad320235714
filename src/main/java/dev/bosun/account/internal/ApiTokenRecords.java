package dev.bosun.account.internal;

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
public class ApiTokenRecords {

    private final ApiTokenRepository tokens;
    private final UserAccountRepository users;

    ApiTokenRecords(ApiTokenRepository tokens, UserAccountRepository users) {
        this.tokens = tokens;
        this.users = users;
    }

    /** The new token's id, or empty when there is no such user. */
    public Optional<Long> create(String username, String name, String tokenHash, Instant now) {
        return users.findByUsernameIgnoreCase(username)
                .map(user -> tokens.save(new ApiToken(user, name, tokenHash, now)).getId());
    }

    /** The user's tokens, newest first. */
    public List<TokenSummary> list(String username) {
        return tokens.findByUser(username).stream().map(ApiToken::summary).toList();
    }

    /** False when the user has no such active token. */
    public boolean revoke(String username, long tokenId, Instant now) {
        Optional<ApiToken> token = tokens.findActive(username, tokenId);
        token.ifPresent(active -> active.revoke(now));
        return token.isPresent();
    }

    /** Notes the use of an active token of an enabled user, and gives that user's name. */
    public Optional<String> use(String tokenHash, Instant now) {
        return tokens.findUsable(tokenHash).map(token -> {
            token.used(now);
            return token.getUser().getUsername();
        });
    }
}
