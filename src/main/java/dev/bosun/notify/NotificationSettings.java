package dev.bosun.notify;

/**
 * Where failed tasks are reported: by mail to the administrators (those with an address), and to a webhook
 * when its address is set. The webhook's secret is never handed out, only whether one is stored.
 */
public record NotificationSettings(boolean adminMail, String webhookUrl, boolean secretStored) {

    public static final NotificationSettings NONE = new NotificationSettings(false, null, false);

    public boolean webhook() {
        return webhookUrl != null && !webhookUrl.isBlank();
    }
}
