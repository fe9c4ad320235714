package dev.bosun.account.internal;

import java.time.Instant;

import dev.bosun.account.Role;
import dev.bosun.account.UserSummary;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "users")
public class UserAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String username;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    private String email;

    private boolean enabled = true;

    @Column(name = "password_changed_at")
    private Instant passwordChangedAt;

    @Column(name = "last_login_at")
    private Instant lastLoginAt;

    @Column(name = "totp_secret")
    private String totpSecret;

    @Column(name = "totp_enabled_at")
    private Instant totpEnabledAt;

    @Column(name = "totp_last_step")
    private Long totpLastStep;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected UserAccount() {
    }

    public UserAccount(String username, String passwordHash, Role role, String email, Instant now) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.email = email;
        this.createdAt = now;
        this.updatedAt = now;
        this.passwordChangedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public Role getRole() {
        return role;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void changePassword(String newHash, Instant now) {
        this.passwordHash = newHash;
        this.passwordChangedAt = now;
        this.updatedAt = now;
    }

    public String getEmail() {
        return email;
    }

    public void edit(String email, Role role, Instant now) {
        this.email = email;
        this.role = role;
        this.updatedAt = now;
    }

    public void setEnabled(boolean enabled, Instant now) {
        this.enabled = enabled;
        this.updatedAt = now;
    }

    /** The encrypted TOTP secret, or null when the user has no second factor. */
    public String getTotpSecret() {
        return totpSecret;
    }

    public boolean hasSecondFactor() {
        return totpSecret != null && totpEnabledAt != null;
    }

    public void enableSecondFactor(String encryptedSecret, long acceptedStep, Instant now) {
        this.totpSecret = encryptedSecret;
        this.totpEnabledAt = now;
        this.totpLastStep = acceptedStep;
        this.updatedAt = now;
    }

    public void removeSecondFactor(Instant now) {
        this.totpSecret = null;
        this.totpEnabledAt = null;
        this.totpLastStep = null;
        this.updatedAt = now;
    }

    /** Accepts a code of this time step unless one of it (or a later one) was accepted already. */
    public boolean acceptStep(long step) {
        if (totpLastStep != null && step <= totpLastStep) {
            return false;
        }
        this.totpLastStep = step;
        return true;
    }

    public void loggedIn(Instant now) {
        this.lastLoginAt = now;
    }

    public UserSummary summary() {
        return new UserSummary(id, username, role, email, enabled, lastLoginAt);
    }
}
