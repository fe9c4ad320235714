package dev.bosun.notify;

/**
 * A change of the notification settings from the settings page. A blank {@code secret} keeps the stored one
 * (the page never shows it); {@code clearSecret} removes it.
 */
public record NotificationChange(boolean adminMail, String webhookUrl, String secret, boolean clearSecret) {
}
