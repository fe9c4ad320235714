package dev.bosun.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bosun.InvalidInputException;
import dev.bosun.account.internal.ClientStore;
import dev.bosun.account.internal.UserAccount;
import dev.bosun.account.internal.UserAccountRepository;
import dev.bosun.account.internal.UserSessions;
import org.springframework.data.domain.Sort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Users of the panel: creation, look-up and password changes. */
@Service
public class AccountService {

    public static final int MIN_PASSWORD_LENGTH = 10;

    private final UserAccountRepository users;
    private final ClientStore clients;
    private final PasswordEncoder passwordEncoder;
    private final AuditLog auditLog;
    private final UserSessions userSessions;
    private final ApiTokens apiTokens;
    private final Clock clock;

    AccountService(UserAccountRepository users, ClientStore clients, PasswordEncoder passwordEncoder,
                   AuditLog auditLog, UserSessions userSessions, ApiTokens apiTokens, Clock clock) {
        this.users = users;
        this.clients = clients;
        this.passwordEncoder = passwordEncoder;
        this.auditLog = auditLog;
        this.userSessions = userSessions;
        this.apiTokens = apiTokens;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public boolean hasUsers() {
        return users.count() > 0;
    }

    @Transactional(readOnly = true)
    public Optional<UserSummary> findUser(String username) {
        return users.findByUsernameIgnoreCase(username).map(UserAccount::summary);
    }

    @Transactional(readOnly = true)
    public List<UserSummary> listUsers() {
        return users.findAll(Sort.by("username")).stream().map(UserAccount::summary).toList();
    }

    @Transactional
    public UserSummary createUser(String username, String rawPassword, Role role, String email) {
        if (users.findByUsernameIgnoreCase(username).isPresent()) {
            throw new IllegalArgumentException("A user named " + username + " already exists");
        }
        UserAccount user = new UserAccount(username, passwordEncoder.encode(rawPassword), role, email, now());
        users.save(user);
        auditLog.record("user.create", "user", user.getId(), username + " (" + role + ")");
        return user.summary();
    }

    /**
     * Changes the user's own password, then signs them out everywhere else: their other sessions end
     * and their API tokens are revoked, so whoever held the old password keeps nothing of it.
     * {@code currentSessionId} is the session that made the change (it stays signed in), or null.
     */
    @Transactional
    public void changePassword(String username, PasswordChange change, String currentSessionId) {
        UserAccount user = users.findByUsernameIgnoreCase(username)
                .orElseThrow(() -> new IllegalStateException("No user " + username));
        if (change.currentPassword() == null || !passwordEncoder.matches(change.currentPassword(), user.getPasswordHash())) {
            throw new InvalidInputException("currentPassword", "This is not your current password.");
        }
        String fresh = change.newPassword() == null ? "" : change.newPassword();
        if (fresh.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException("newPassword",
                    "Use at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (fresh.equals(change.currentPassword())) {
            throw new InvalidInputException("newPassword", "The new password must differ from the current one.");
        }
        if (!fresh.equals(change.confirmation())) {
            throw new InvalidInputException("confirmation", "The two new passwords do not match.");
        }
        user.changePassword(passwordEncoder.encode(fresh), now());
        auditLog.record("user.password-change", "user", user.getId(), signOutElsewhere(user, currentSessionId));
    }

    /** Ends the user's sessions but the one kept, revokes their tokens; what was done, for the audit log. */
    private String signOutElsewhere(UserAccount user, String keepSessionId) {
        int sessions = userSessions.endAllBut(user.getUsername(), keepSessionId);
        int tokens = apiTokens.revokeAll(user.getUsername());
        return "ended " + sessions + " other session(s), revoked " + tokens + " API token(s)";
    }

    /** The clients whose sites the named user may see. */
    @Transactional(readOnly = true)
    public ClientScope clientScope(String username) {
        UserAccount user = users.findByUsernameIgnoreCase(username).orElse(null);
        if (user == null) {
            return ClientScope.of(List.of());
        }
        if (user.getRole() != Role.CLIENT) {
            return ClientScope.ALL;
        }
        return ClientScope.of(clients.clientIdsOf(user.getId()));
    }

    @Transactional
    public void recordLogin(String username) {
        users.findByUsernameIgnoreCase(username).ifPresent(user -> user.loggedIn(now()));
    }

    private Instant now() {
        return clock.instant();
    }
}
