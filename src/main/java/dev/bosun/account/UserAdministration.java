package dev.bosun.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bosun.BosunProperties;
import dev.bosun.InvalidInputException;
import dev.bosun.InvalidInputException.Violation;
import dev.bosun.NumberedPage;
import dev.bosun.PanelAddress;
import dev.bosun.account.internal.ClientStore;
import dev.bosun.account.internal.RandomSecrets;
import dev.bosun.account.internal.RecoveryCodeStore;
import dev.bosun.account.internal.ResetLinkStore;
import dev.bosun.account.internal.UserAccount;
import dev.bosun.account.internal.UserAccountRepository;
import dev.bosun.account.internal.UserSessions;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The administrator's side of users: create, edit, disable, delete, reset a password or a second
 * factor. Guard rails: no one disables, deletes or demotes themselves, and the last enabled
 * administrator stays one. Every change is in the audit log; whatever takes something from a user
 * (disable, delete, a new role, a new password) ends their sessions at once.
 */
@Service
public class UserAdministration {

    private static final Sort BY_USERNAME = Sort.by("username", "id");

    private static final String USERNAME = "[A-Za-z0-9._-]{2,100}";
    private static final String EMAIL = "[^@\\s]+@[^@\\s]+";

    private final UserAccountRepository users;
    private final ClientStore clients;
    private final ResetLinkStore resetLinks;
    private final RecoveryCodeStore recoveryCodes;
    private final PasswordEncoder passwordEncoder;
    private final UserSessions sessions;
    private final ApiTokens apiTokens;
    private final AuditLog auditLog;
    private final PanelAddress panel;
    private final BosunProperties properties;
    private final Clock clock;

    UserAdministration(UserAccountRepository users, ClientStore clients, ResetLinkStore resetLinks,
                       RecoveryCodeStore recoveryCodes, PasswordEncoder passwordEncoder, UserSessions sessions,
                       ApiTokens apiTokens, AuditLog auditLog, PanelAddress panel, BosunProperties properties,
                       Clock clock) {
        this.users = users;
        this.clients = clients;
        this.resetLinks = resetLinks;
        this.recoveryCodes = recoveryCodes;
        this.passwordEncoder = passwordEncoder;
        this.sessions = sessions;
        this.apiTokens = apiTokens;
        this.auditLog = auditLog;
        this.panel = panel;
        this.properties = properties;
        this.clock = clock;
    }

    /** Every user, by username (the API's list). */
    @Transactional(readOnly = true)
    public List<UserView> list() {
        return views(users.findAll(BY_USERNAME));
    }

    /** A page (from 0) of the users, by username, with their clients read for that page only. */
    @Transactional(readOnly = true)
    public NumberedPage<UserView> page(int page) {
        Page<UserAccount> found = users.findAll(PageRequest.of(Math.max(page, 0), NumberedPage.SIZE, BY_USERNAME));
        return new NumberedPage<>(views(found.getContent()), page, found.getTotalElements());
    }

    private List<UserView> views(List<UserAccount> accounts) {
        Map<Long, List<Long>> clientIds = clients.clientIdsOf(accounts.stream().map(UserAccount::getId).toList());
        return accounts.stream().map(user -> view(user, clientIds.getOrDefault(user.getId(), List.of()))).toList();
    }

    @Transactional(readOnly = true)
    public UserView get(long id) {
        return view(find(id));
    }

    @Transactional
    public UserView create(UserForm form) {
        List<Violation> violations = new ArrayList<>();
        String username = form.username() == null ? "" : form.username().strip();
        if (!username.matches(USERNAME)) {
            violations.add(new Violation("username", "2 to 100 letters, digits, dots, dashes or underscores."));
        } else if (users.findByUsernameIgnoreCase(username).isPresent()) {
            violations.add(new Violation("username", "This user name is taken."));
        }
        if (form.password() == null || form.password().length() < AccountService.MIN_PASSWORD_LENGTH) {
            violations.add(new Violation("password", "Use at least " + AccountService.MIN_PASSWORD_LENGTH + " characters."));
        }
        checkProfile(form.email(), form.role(), form.clientIds(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        UserAccount user = users.save(new UserAccount(username, passwordEncoder.encode(form.password()), form.role(),
                blankToNull(form.email()), now()));
        clients.relink(user.getId(), clientsOf(form.role(), form.clientIds()));
        auditLog.record("user.create", "user", user.getId(), username + " (" + form.role() + clientsText(form.role(),
                form.clientIds()) + ")");
        return view(user);
    }

    @Transactional
    public UserView update(long id, UserEdit edit, String actor) {
        UserAccount user = find(id);
        List<Violation> violations = new ArrayList<>();
        checkProfile(edit.email(), edit.role(), edit.clientIds(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        boolean roleChanged = user.getRole() != edit.role();
        if (roleChanged && user.getRole() == Role.ADMIN) {
            guard(user, actor, "role", "demote");
        }
        user.edit(blankToNull(edit.email()), edit.role(), now());
        clients.relink(user.getId(), clientsOf(edit.role(), edit.clientIds()));
        String details = user.getUsername() + " (" + edit.role() + clientsText(edit.role(), edit.clientIds()) + ")";
        if (roleChanged) {
            details += "; role changed, ended " + sessions.endAllBut(user.getUsername(), null) + " session(s)";
        }
        auditLog.record("user.update", "user", id, details);
        return view(user);
    }

    /** Enables or disables the user; a disabled user's sessions end and its API tokens are refused. */
    @Transactional
    public UserView setEnabled(long id, boolean enabled, String actor) {
        UserAccount user = find(id);
        if (user.isEnabled() == enabled) {
            return view(user);
        }
        if (!enabled) {
            guard(user, actor, "enabled", "disable");
        }
        user.setEnabled(enabled, now());
        if (enabled) {
            auditLog.record("user.enable", "user", id, user.getUsername());
        } else {
            int ended = sessions.endAllBut(user.getUsername(), null);
            auditLog.record("user.disable", "user", id, user.getUsername() + "; ended " + ended + " session(s)");
        }
        return view(user);
    }

    @Transactional
    public void delete(long id, String actor) {
        UserAccount user = find(id);
        guard(user, actor, "user", "delete");
        int ended = sessions.endAllBut(user.getUsername(), null);
        users.delete(user);
        auditLog.record("user.delete", "user", id, user.getUsername() + "; ended " + ended + " session(s)");
    }

    /** A one-time link to choose a new password; the user's earlier links stop working. */
    @Transactional
    public PasswordReset createResetLink(long id) {
        UserAccount user = find(id);
        String token = RandomSecrets.urlSafe(32);
        Instant now = now();
        Instant expiresAt = now.plus(properties.login().resetLinkValidity()).truncatedTo(ChronoUnit.SECONDS);
        resetLinks.create(user.getId(), ApiTokens.hash(token), now, expiresAt);
        auditLog.record("user.password-reset-link", "user", id, user.getUsername() + "; valid until " + expiresAt);
        return new PasswordReset(user.getUsername(), panel.url() + "/password-reset/" + token, expiresAt, null);
    }

    /** A new random password, shown once; the user's sessions end and its API tokens are revoked. */
    @Transactional
    public PasswordReset resetToRandomPassword(long id) {
        UserAccount user = find(id);
        String password = RandomSecrets.urlSafe(15);
        user.changePassword(passwordEncoder.encode(password), now());
        auditLog.record("user.password-reset", "user", id, user.getUsername() + "; new random password, "
                + signOut(user));
        return new PasswordReset(user.getUsername(), null, null, password);
    }

    /** The user name a reset link is for, while it is unused and unexpired. */
    @Transactional(readOnly = true)
    public Optional<String> resetLinkUser(String token) {
        return resetLinks.usableBy(ApiTokens.hash(token), now()).flatMap(users::findById).map(UserAccount::getUsername);
    }

    /**
     * Sets the password chosen through a reset link and uses the link up; the user's sessions end and
     * its API tokens are revoked. Empty when the link is unknown, used or expired.
     */
    @Transactional
    public Optional<String> completeReset(String token, String password, String confirmation) {
        String hash = ApiTokens.hash(token);
        Optional<UserAccount> user = resetLinks.usableBy(hash, now()).flatMap(users::findById);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (password == null || password.length() < AccountService.MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException("password", "Use at least " + AccountService.MIN_PASSWORD_LENGTH + " characters.");
        }
        if (!password.equals(confirmation)) {
            throw new InvalidInputException("confirmation", "The two passwords do not match.");
        }
        if (!resetLinks.use(hash, now())) {
            return Optional.empty();
        }
        UserAccount account = user.get();
        account.changePassword(passwordEncoder.encode(password), now());
        auditLog.recordAs(account.getUsername(), "user.password-reset", "user", account.getId(),
                "through a reset link; " + signOut(account));
        return Optional.of(account.getUsername());
    }

    /** Removes the user's second factor (lost phone): it signs in with its password alone until it enrols again. */
    @Transactional
    public UserView resetSecondFactor(long id) {
        UserAccount user = find(id);
        user.removeSecondFactor(now());
        recoveryCodes.removeAll(user.getId());
        auditLog.record("user.totp-reset", "user", id, user.getUsername());
        return view(user);
    }

    private void guard(UserAccount user, String actor, String field, String verb) {
        if (user.getUsername().equalsIgnoreCase(actor)) {
            throw new InvalidInputException(field, "You cannot " + verb + " yourself.");
        }
        if (user.getRole() == Role.ADMIN && user.isEnabled() && users.countByRoleAndEnabledTrue(Role.ADMIN) <= 1) {
            throw new InvalidInputException(field, "You cannot " + verb + " the last enabled administrator.");
        }
    }

    private void checkProfile(String email, Role role, List<Long> clientIds, List<Violation> violations) {
        if (email != null && !email.isBlank() && !email.strip().matches(EMAIL)) {
            violations.add(new Violation("email", "This is not an e-mail address."));
        }
        if (role == null) {
            violations.add(new Violation("role", "Choose a role."));
        } else if (role == Role.CLIENT && clientIds.isEmpty()) {
            violations.add(new Violation("clientIds", "Choose at least one client for a client user."));
        } else if (role == Role.CLIENT) {
            clientIds.stream().filter(clientId -> clients.find(clientId).isEmpty()).findFirst().ifPresent(unknown ->
                    violations.add(new Violation("clientIds", "There is no client " + unknown + ".")));
        }
    }

    private String signOut(UserAccount user) {
        return "ended " + sessions.endAllBut(user.getUsername(), null) + " session(s), revoked "
                + apiTokens.revokeAll(user.getUsername()) + " API token(s)";
    }

    private static List<Long> clientsOf(Role role, List<Long> clientIds) {
        return role == Role.CLIENT ? clientIds : List.of();
    }

    private static String clientsText(Role role, List<Long> clientIds) {
        return role == Role.CLIENT ? ", clients " + clientIds : "";
    }

    private UserAccount find(long id) {
        return users.findById(id).orElseThrow(() -> new UserNotFoundException(id));
    }

    private UserView view(UserAccount user) {
        return view(user, clients.clientIdsOf(user.getId()));
    }

    private static UserView view(UserAccount user, List<Long> clientIds) {
        return new UserView(user.getId(), user.getUsername(), user.getRole(), user.getEmail(), user.isEnabled(),
                user.summary().lastLoginAt(), clientIds, user.hasSecondFactor());
    }


    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private Instant now() {
        return clock.instant();
    }
}
