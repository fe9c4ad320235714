package dev.bosun.account;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.bosun.InvalidInputException;
import dev.bosun.account.internal.QrCode;
import dev.bosun.account.internal.RandomSecrets;
import dev.bosun.account.internal.RecoveryCodeStore;
import dev.bosun.account.internal.UserAccount;
import dev.bosun.account.internal.UserAccountRepository;
import dev.bosun.secret.SecretBox;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The optional second factor of a sign-in through the login form: a TOTP code of an authenticator app,
 * or one of ten single-use recovery codes. The secret is kept encrypted by the panel's secret key,
 * recovery codes only as password hashes. API tokens do not ask for it.
 */
@Service
public class SecondFactors {

    public static final String ISSUER = "Bosun";
    static final int RECOVERY_CODES = 10;
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final UserAccountRepository users;
    private final RecoveryCodeStore recoveryCodes;
    private final SecretBox secretBox;
    private final PasswordEncoder passwordEncoder;
    private final AuditLog auditLog;
    private final Clock clock;

    SecondFactors(UserAccountRepository users, RecoveryCodeStore recoveryCodes, SecretBox secretBox,
                  PasswordEncoder passwordEncoder, AuditLog auditLog, Clock clock) {
        this.users = users;
        this.recoveryCodes = recoveryCodes;
        this.secretBox = secretBox;
        this.passwordEncoder = passwordEncoder;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** A secret on offer to an authenticator app: its text, the otpauth:// address and that address as a QR code. */
    public record Enrolment(String secret, String uri, String qrCode) {
    }

    /** Whether the user has a second factor; false for an unknown user. */
    @Transactional(readOnly = true)
    public boolean enabled(String username) {
        return users.findByUsernameIgnoreCase(username).map(UserAccount::hasSecondFactor).orElse(false);
    }

    @Transactional(readOnly = true)
    public int recoveryCodesLeft(String username) {
        return users.findByUsernameIgnoreCase(username).map(user -> recoveryCodes.unusedCount(user.getId())).orElse(0);
    }

    /** A new secret for the user to add to an app; nothing is stored until {@link #confirm}. */
    public Enrolment offer(String username, String secret) {
        String uri = Totp.uri(ISSUER, username, secret);
        return new Enrolment(secret, uri, QrCode.svgDataUri(uri));
    }

    /**
     * Turns the second factor on with {@code secret} once {@code code} shows the app has it; the
     * recovery codes, shown this once.
     */
    @Transactional
    public List<String> confirm(String username, String secret, String code) {
        UserAccount user = user(username);
        long step = Totp.matchingStep(secret, code, clock.instant());
        if (step < 0) {
            throw new InvalidInputException("code", "This is not the code your app shows now. Check the time on your phone.");
        }
        user.enableSecondFactor(secretBox.encrypt(secret), step, clock.instant());
        List<String> codes = newRecoveryCodes(user);
        auditLog.record("user.totp-enable", "user", user.getId(), username);
        return codes;
    }

    /** Turns the user's own second factor off, after checking its password. */
    @Transactional
    public void disable(String username, String password) {
        UserAccount user = user(username);
        if (password == null || !passwordEncoder.matches(password, user.getPasswordHash())) {
            throw new InvalidInputException("password", "This is not your password.");
        }
        user.removeSecondFactor(clock.instant());
        recoveryCodes.removeAll(user.getId());
        auditLog.record("user.totp-disable", "user", user.getId(), username);
    }

    /**
     * Replaces the user's recovery codes with ten new ones, after checking its password: the old ones stop working.
     * The new codes, shown this once.
     */
    @Transactional
    public List<String> renewRecoveryCodes(String username, String password) {
        UserAccount user = user(username);
        if (!user.hasSecondFactor()) {
            throw new InvalidInputException("password", "Two-factor sign-in is off: there are no recovery codes.");
        }
        if (password == null || !passwordEncoder.matches(password, user.getPasswordHash())) {
            throw new InvalidInputException("password", "This is not your password.");
        }
        List<String> codes = newRecoveryCodes(user);
        auditLog.record("user.recovery-codes-renew", "user", user.getId(), username);
        return codes;
    }

    /**
     * Checks the second step of a sign-in: a TOTP code (each accepted once) or an unused recovery code,
     * which is used up. False for anything else.
     */
    @Transactional
    public boolean verify(String username, String code) {
        UserAccount user = users.findByUsernameIgnoreCase(username).orElse(null);
        if (user == null || !user.hasSecondFactor() || code == null) {
            return false;
        }
        String entered = code.strip();
        if (entered.matches("\\d{6}|\\d{3} \\d{3}")) {
            long step = Totp.matchingStep(secretBox.decrypt(user.getTotpSecret()), entered, clock.instant());
            return step >= 0 && user.acceptStep(step);
        }
        String recovery = entered.toLowerCase(Locale.ROOT).replace(" ", "");
        boolean used = recoveryCodes.useMatching(user.getId(), hash -> passwordEncoder.matches(recovery, hash),
                clock.instant());
        if (used) {
            auditLog.recordAs(user.getUsername(), "user.recovery-code-use", "user", user.getId(),
                    recoveryCodes.unusedCount(user.getId()) + " recovery code(s) left");
        }
        return used;
    }

    private List<String> newRecoveryCodes(UserAccount user) {
        List<String> codes = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String code = RandomSecrets.fromAlphabet(RECOVERY_ALPHABET, 5) + "-" + RandomSecrets.fromAlphabet(RECOVERY_ALPHABET, 5);
            codes.add(code);
            hashes.add(passwordEncoder.encode(code));
        }
        recoveryCodes.replace(user.getId(), hashes);
        return codes;
    }


    private UserAccount user(String username) {
        return users.findByUsernameIgnoreCase(username)
                .orElseThrow(() -> new IllegalStateException("No user " + username));
    }
}
