package dev.bosun.account;

/** A user's request to change its own password; the new one is entered twice. */
public record PasswordChange(String currentPassword, String newPassword, String confirmation) {
}
