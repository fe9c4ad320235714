package dev.bosun.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.bosun.account.AccountService;
import dev.bosun.account.Role;
import dev.bosun.task.TaskDetails;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskService;
import dev.bosun.task.TaskStatus;
import dev.bosun.test.BosunTest;
import dev.bosun.test.FreePorts;
import dev.bosun.test.LogsAtInfo;
import dev.bosun.test.TestHandler;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@BosunTest
@Import(NotificationsTests.Handlers.class)
@ExtendWith({OutputCaptureExtension.class, LogsAtInfo.class})
class NotificationsTests {

    static final ServerSetup SMTP = new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    static final String SECRET = "test-webhook-secret-" + UUID.randomUUID();
    static final AtomicLong TARGETS = new AtomicLong(7_700_000);

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    static HttpServer receiver;
    static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
    static final AtomicInteger ANSWER = new AtomicInteger(204);
    /** Calls answered 500 before {@link #ANSWER} applies again. */
    static final AtomicInteger FAILURES = new AtomicInteger();

    record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", SMTP::getPort);
        registry.add("bosun.notify.backoff", () -> "200ms");
        registry.add("bosun.notify.timeout", () -> "3s");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        TestHandler notifyFailHandler() {
            return TestHandler.site("notify-fail", run -> run.step("boom", step -> {
                step.info("about to fail");
                throw new IllegalStateException("the disk is full");
            }));
        }

        @Bean
        TestHandler notifyOkHandler() {
            return TestHandler.site("notify-ok", run -> run.log().ok("fine"));
        }
    }

    @Autowired
    Notifications notifications;

    @Autowired
    TaskService tasks;

    @Autowired
    TaskQueries queries;

    @Autowired
    AccountService accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            RECEIVED.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
            exchange.sendResponseHeaders(FAILURES.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : ANSWER.get(), -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @BeforeEach
    void reset() {
        RECEIVED.clear();
        ANSWER.set(204);
        FAILURES.set(0);
        if (accounts.findUser("notified-admin").isEmpty()) {
            accounts.createUser("notified-admin", "a-long-enough-password", Role.ADMIN, "ops@bosun.test");
        }
    }

    static String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void aFailedTaskIsMailedToTheAdministratorsAndPostedSignedToTheWebhook() throws Exception {
        notifications.update(new NotificationChange(true, hookUrl(), SECRET, false));
        long site = TARGETS.incrementAndGet();
        awaitEnd(tasks.queue(TaskRequest.forSite("notify-ok", site, null, Map.of(), "alice")).task().id());
        long failed = tasks.queue(TaskRequest.forSite("notify-fail", site, null, Map.of(), "alice")).task().id();

        Received call = RECEIVED.poll(30, TimeUnit.SECONDS);
        assertThat(call).as("webhook called").isNotNull();
        String timestamp = call.header("X-Bosun-Timestamp");
        assertThat(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond())).isLessThan(300);
        assertThat(call.header("X-Bosun-Signature")).isEqualTo("sha256=" + hmac(SECRET, timestamp, call.body()));
        assertThat(call.header("X-Bosun-Signature")).as("another secret gives another signature")
                .isNotEqualTo("sha256=" + hmac(SECRET + "x", timestamp, call.body()));
        assertThat(call.header("X-Bosun-Event")).isEqualTo("task.failed");
        JsonNode body = json.readTree(call.body());
        assertThat(body.get("event").asString()).isEqualTo("task.failed");
        assertThat(body.get("delivery").asString()).isEqualTo(call.header("X-Bosun-Delivery"));
        assertThat(body.get("task").get("id").asLong()).as("only the failed task is reported").isEqualTo(failed);
        assertThat(body.get("task").get("status").asString()).isEqualTo("ERROR");
        assertThat(body.get("task").get("type").asString()).isEqualTo("notify-fail");

        assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).contains("ops@bosun.test");
        assertThat(mail.getSubject()).isEqualTo("[Bosun] Task failed: notify-fail of site " + site);
        assertThat(GreenMailUtil.getBody(mail)).contains("/tasks/" + failed).contains("alice");
        assertThat(RECEIVED.poll(500, TimeUnit.MILLISECONDS)).as("one call for one failure").isNull();
    }

    @Test
    void aFailedWebhookCallIsRetriedWithTheSameDeliveryAndAFreshSignature() throws Exception {
        notifications.update(new NotificationChange(false, hookUrl(), SECRET, false));
        FAILURES.set(1);
        long failed = tasks.queue(TaskRequest.forSite("notify-fail", TARGETS.incrementAndGet(), null, Map.of(), "bob"))
                .task().id();

        Received first = RECEIVED.poll(30, TimeUnit.SECONDS);
        Received second = RECEIVED.poll(30, TimeUnit.SECONDS);

        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(second.header("X-Bosun-Delivery")).isEqualTo(first.header("X-Bosun-Delivery"));
        assertThat(second.header("X-Bosun-Signature"))
                .isEqualTo("sha256=" + hmac(SECRET, second.header("X-Bosun-Timestamp"), second.body()));
        assertThat(json.readTree(second.body()).get("task").get("id").asLong()).isEqualTo(failed);
        assertThat(RECEIVED.poll(1, TimeUnit.SECONDS)).as("no more calls after a success").isNull();
    }

    @Test
    void anUnreachableWebhookDoesNotAffectTheTaskAndIsLoggedAsAWarningWithoutStackTrace(CapturedOutput output)
            throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        notifications.update(new NotificationChange(false, "http://127.0.0.1:" + closed + "/hook", SECRET, false));
        long site = TARGETS.incrementAndGet();

        TaskDetails failed = awaitEnd(tasks.queue(TaskRequest.forSite("notify-fail", site, null, Map.of(), "carol"))
                .task().id());
        TaskDetails next = awaitEnd(tasks.queue(TaskRequest.forSite("notify-ok", site, null, Map.of(), "carol"))
                .task().id());

        assertThat(failed.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(failed.outcome()).isEqualTo("Error in step boom: the disk is full");
        assertThat(queries.log(failed.id(), 0, 100)).noneMatch(line -> line.message().contains("otif"));
        assertThat(next.status()).isEqualTo(TaskStatus.SUCCESS);
        String warning = "Notification not delivered after 3 attempt(s) (task " + failed.id() + " failed, webhook)";
        await().atMost(Duration.ofSeconds(30)).until(() -> output.getOut().contains(warning));
        List<String> lines = output.getOut().lines().toList();
        int at = lines.stream().filter(line -> line.contains(warning)).findFirst().map(lines::indexOf).orElseThrow();
        assertThat(lines.get(at)).contains("WARN").contains("Connect");
        assertThat(lines.subList(at + 1, lines.size()).stream().takeWhile(line -> !line.matches("^\\d{4}-.*")).toList())
                .as("no stack trace").noneMatch(line -> line.startsWith("\tat "));
    }

    @Test
    void theTestButtonReportsSuccessAndTheReasonOfAFailure() throws Exception {
        notifications.update(new NotificationChange(true, hookUrl(), SECRET, false));

        TestOutcome good = (TestOutcome) mvc.perform(post("/admin/settings/notifications/test")
                        .with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn().getFlashMap().get("notifyTest");
        assertThat(good.ok()).isTrue();
        assertThat(good.lines()).anyMatch(line -> line.startsWith("Mail sent to ") && line.contains("ops@bosun.test"))
                .contains("Webhook answered with success.");
        Received call = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(call.header("X-Bosun-Event")).isEqualTo("test");
        assertThat(call.header("X-Bosun-Signature"))
                .isEqualTo("sha256=" + hmac(SECRET, call.header("X-Bosun-Timestamp"), call.body()));

        ANSWER.set(503);
        var refused = mvc.perform(post("/admin/settings/notifications/test")
                        .with(user("admin").roles("ADMIN")).with(csrf())).andReturn();
        TestOutcome bad = (TestOutcome) refused.getFlashMap().get("notifyTest");
        assertThat(bad.ok()).isFalse();
        assertThat(bad.lines()).contains("Webhook call failed: the webhook answered HTTP 503.");
        jakarta.servlet.http.Cookie session = refused.getResponse().getCookie("SESSION");
        assertThat(session).as("the result travels in the session").isNotNull();
        mvc.perform(get("/admin/settings").with(user("admin").roles("ADMIN")).cookie(session))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("the webhook answered HTTP 503")));
    }

    @Test
    void theSecretIsStoredEncryptedAndNeverShownBack() throws Exception {
        mvc.perform(post("/admin/settings/notifications").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("adminMail", "true").param("webhookUrl", hookUrl()).param("webhookSecret", SECRET))
                .andExpect(status().is3xxRedirection());

        String stored = jdbc.sql("SELECT webhook_secret FROM notify_settings").query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain(SECRET);
        String page = mvc.perform(get("/admin/settings").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Notifications").contains(hookUrl()).contains("A secret is stored")
                .doesNotContain(SECRET).doesNotContain(stored);

        mvc.perform(post("/admin/settings/notifications").with(user("admin").roles("ADMIN")).with(csrf())
                .param("adminMail", "true").param("webhookUrl", hookUrl()).param("webhookSecret", ""));
        assertThat(jdbc.sql("SELECT webhook_secret FROM notify_settings").query(String.class).single())
                .as("an empty field keeps the secret").isEqualTo(stored);
    }

    @Test
    void badSettingsAreRefusedOnTheirFields() throws Exception {
        notifications.update(new NotificationChange(false, null, null, true));
        @SuppressWarnings("unchecked")
        Map<String, String> errors = (Map<String, String>) mvc.perform(post("/admin/settings/notifications")
                        .with(user("admin").roles("ADMIN")).with(csrf())
                        .param("webhookUrl", "file:///etc/passwd").param("webhookSecret", "short"))
                .andReturn().getFlashMap().get("notifyErrors");
        assertThat(errors).containsOnlyKeys("webhookUrl", "webhookSecret");
        assertThat(errors.get("webhookUrl")).contains("http:// or https://");
        assertThat(errors.get("webhookSecret")).contains("16 to 500 characters");
        assertThat(notifications.settings().webhook()).isFalse();

        @SuppressWarnings("unchecked")
        Map<String, String> noSecret = (Map<String, String>) mvc.perform(post("/admin/settings/notifications")
                        .with(user("admin").roles("ADMIN")).with(csrf()).param("webhookUrl", hookUrl()))
                .andReturn().getFlashMap().get("notifyErrors");
        assertThat(noSecret).containsEntry("webhookSecret", "Set a secret: every webhook call is signed with it.");
    }

    @Test
    void onlyAdministratorsChangeOrTestNotifications() throws Exception {
        for (String role : List.of("OPERATOR", "CLIENT")) {
            mvc.perform(post("/admin/settings/notifications").with(user("someone").roles(role)).with(csrf())
                    .param("webhookUrl", "http://attacker.example/")).andExpect(status().isForbidden());
            mvc.perform(post("/admin/settings/notifications/test").with(user("someone").roles(role)).with(csrf()))
                    .andExpect(status().isForbidden());
        }
        assertThat(notifications.settings().webhookUrl()).isNotEqualTo("http://attacker.example/");
    }

    private TaskDetails awaitEnd(long id) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> queries.find(id, null).orElseThrow(),
                task -> task.status().isFinished());
    }

    static String hmac(String secret, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signed = (timestamp + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(mac.doFinal(signed));
    }
}
