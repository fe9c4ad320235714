package dev.bosun.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.bosun.InvalidInputException;
import dev.bosun.InvalidInputException.Violation;
import dev.bosun.PanelAddress;
import dev.bosun.account.AuditLog;
import dev.bosun.notify.internal.AdminMailSender;
import dev.bosun.notify.internal.Deliveries;
import dev.bosun.notify.internal.Notice;
import dev.bosun.notify.internal.NotifyStore;
import dev.bosun.notify.internal.WebhookSender;
import dev.bosun.secret.SecretBox;
import dev.bosun.task.TaskSummary;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notification settings, the settings page's test, and the report of a failed task: mail to the
 * administrators and a signed call of the webhook, each retried on its own, never on the task's thread.
 */
@Service
public class Notifications {

    static final int MAX_URL = 2000;
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 500;

    private final NotifyStore store;
    private final SecretBox secrets;
    private final AdminMailSender mail;
    private final WebhookSender webhook;
    private final Deliveries deliveries;
    private final PanelAddress panel;
    private final AuditLog auditLog;
    private final Clock clock;

    Notifications(NotifyStore store, SecretBox secrets, AdminMailSender mail, WebhookSender webhook,
                  Deliveries deliveries, PanelAddress panel, AuditLog auditLog, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.mail = mail;
        this.webhook = webhook;
        this.deliveries = deliveries;
        this.panel = panel;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public NotificationSettings settings() {
        return store.load().map(row -> new NotificationSettings(row.adminMail(), row.webhookUrl(),
                row.sealedSecret() != null)).orElse(NotificationSettings.NONE);
    }

    /** Stores the settings: 422 for an address that is no http(s) URL, or a webhook without a secret. */
    @Transactional
    public NotificationSettings update(NotificationChange change) {
        String url = change.webhookUrl() == null || change.webhookUrl().isBlank() ? null : change.webhookUrl().strip();
        String newSecret = change.secret() == null || change.secret().isBlank() ? null : change.secret().strip();
        NotifyStore.Row current = store.load().orElse(new NotifyStore.Row(false, null, null));
        String sealed = change.clearSecret() ? null : newSecret != null ? secrets.encrypt(newSecret)
                : current.sealedSecret();
        check(url, newSecret, sealed != null);
        store.save(new NotifyStore.Row(change.adminMail(), url, sealed), clock.instant(), AuditLog.currentUsername());
        auditLog.record("settings.notify", "setting", null, "Mail to administrators: "
                + (change.adminMail() ? "on" : "off") + "; webhook: " + (url == null ? "none" : url)
                + (newSecret != null ? "; new secret" : change.clearSecret() ? "; secret removed" : ""));
        return settings();
    }

    private static void check(String url, String newSecret, boolean secretStored) {
        List<Violation> violations = new ArrayList<>();
        if (url != null) {
            urlProblem(url).ifPresent(problem -> violations.add(new Violation("webhookUrl", problem)));
            if (!secretStored) {
                violations.add(new Violation("webhookSecret", "Set a secret: every webhook call is signed with it."));
            }
        }
        if (newSecret != null && (newSecret.length() < MIN_SECRET || newSecret.length() > MAX_SECRET)) {
            violations.add(new Violation("webhookSecret", "Use " + MIN_SECRET + " to " + MAX_SECRET + " characters."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private static java.util.Optional<String> urlProblem(String url) {
        if (url.length() > MAX_URL) {
            return java.util.Optional.of("At most " + MAX_URL + " characters.");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                return java.util.Optional.of("Enter an http:// or https:// address with a host (and no user name).");
            }
            return java.util.Optional.empty();
        } catch (URISyntaxException e) {
            return java.util.Optional.of("Not a valid address: " + e.getReason() + ".");
        }
    }

    /**
     * Sends a test notice once through each configured channel, waiting for the answers (bounded by the
     * timeout): what the settings page reports.
     */
    public TestOutcome sendTest() {
        NotifyStore.Row row = store.load().orElse(new NotifyStore.Row(false, null, null));
        Notice notice = notice("test", "[Bosun] Test notification",
                "This is a test of Bosun's notifications, sent from " + panel.local() + ".\n\n-- Bosun\n",
                Map.of("message", "Test notification from Bosun", "panel", panel.local()));
        List<String> lines = new ArrayList<>();
        boolean ok = true;
        if (!row.adminMail() && row.webhookUrl() == null) {
            return new TestOutcome(false, List.of("Nothing to test: turn on mail to administrators or set a webhook."));
        }
        if (row.adminMail()) {
            List<String> to = mail.recipients();
            try {
                mail.send(to, notice);
                lines.add("Mail sent to " + String.join(", ", to) + ".");
            } catch (RuntimeException e) {
                ok = false;
                lines.add("Mail not sent: " + Deliveries.reason(e) + ".");
            }
        }
        if (row.webhookUrl() != null) {
            try {
                webhook.send(row.webhookUrl(), secrets.decrypt(row.sealedSecret()), notice);
                lines.add("Webhook answered with success.");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok = false;
                lines.add("Webhook call interrupted.");
            } catch (Exception e) {
                ok = false;
                lines.add("Webhook call failed: " + Deliveries.reason(e) + ".");
            }
        }
        return new TestOutcome(ok, List.copyOf(lines));
    }

    /**
     * Reports a failed task through every configured channel, in the background. Called once, by the node
     * that recorded the task's end, after that was committed.
     */
    public void taskFailed(TaskSummary task) {
        NotifyStore.Row row = store.load().orElse(null);
        if (row == null || !row.adminMail() && row.webhookUrl() == null) {
            return;
        }
        Notice notice = failureNotice(task);
        String what = "task " + task.id() + " failed";
        if (row.adminMail()) {
            List<String> to = mail.recipients();
            deliveries.deliver(what + ", mail", () -> mail.send(to, notice));
        }
        if (row.webhookUrl() != null && row.sealedSecret() != null) {
            String secret = secrets.decrypt(row.sealedSecret());
            deliveries.deliver(what + ", webhook", () -> webhook.send(row.webhookUrl(), secret, notice));
        }
    }

    private Notice failureNotice(TaskSummary task) {
        String link = panel.local() + "/tasks/" + task.id();
        String target = task.targetLabel() != null ? task.targetLabel()
                : task.targetType().name().toLowerCase(Locale.ROOT) + " " + task.targetId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", task.id());
        body.put("type", task.type());
        body.put("status", task.status().name());
        body.put("targetType", task.targetType().name());
        body.put("targetId", task.targetId());
        body.put("target", target);
        body.put("requestedBy", task.requestedBy());
        body.put("finishedAt", task.finishedAt() == null ? null : task.finishedAt().toString());
        body.put("url", link);
        String text = """
                The task %s of %s failed (%s).

                Requested by: %s
                Finished:     %s

                Its log: %s

                -- Bosun
                """.formatted(task.type(), target, task.status(), task.requestedBy(), task.finishedAt(), link);
        return notice("task.failed", "[Bosun] Task failed: " + task.type() + " of " + target, text,
                Map.of("task", body));
    }

    private Notice notice(String event, String subject, String text, Map<String, Object> payload) {
        String delivery = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("delivery", delivery);
        body.put("sentAt", clock.instant().toString());
        body.putAll(payload);
        return new Notice(delivery, event, subject, text, body);
    }
}
