package dev.bosun.bench;

import static dev.bosun.bench.BenchArgs.option;
import static dev.bosun.bench.BenchArgs.percentile;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bosun.BosunApplication;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskService;
import dev.bosun.task.internal.LogFeed;
import dev.bosun.test.TestDatabases;
import dev.bosun.test.TestHandler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code bench/run log-tail [--lines=N] [--interval-ms=N] [--followers=N]}: a panel on a fresh database of the
 * machine's PostgreSQL runs a task that writes a line every interval; before it starts, N followers of
 * {@code GET /api/v1/tasks/{id}/log?follow=true} (HTTP Basic) and N of the task page's SSE stream (a signed-in
 * session) connect. For every line each follower receives, the delay from the line's own timestamp to its
 * arrival; p50 and p95 per kind, and the feed's reads (one reader per task, whatever N).
 */
public final class LogTailBenchmark {

    private static final String PASSWORD = "bench-password-1";
    private static final Pattern DATETIME = Pattern.compile("datetime=\"([^\"]+)\"");
    static final CountDownLatch GATE = new CountDownLatch(1);
    static volatile int lines;
    static volatile int intervalMs;

    private LogTailBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        lines = option(args, "lines", 300);
        intervalMs = option(args, "interval-ms", 20);
        int followers = option(args, "followers", 1);
        TestDatabases.Server server = TestDatabases.machinePostgres().orElseThrow(() -> new IllegalStateException(
                "The machine's PostgreSQL (BOSUN_TEST_PG_URL, default 127.0.0.1:5432) does not answer"));
        TestDatabases.Database database = TestDatabases.newPostgresDatabase();
        try (ConfigurableApplicationContext context = start(database)) {
            String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
            long id = context.getBean(TaskService.class)
                    .queue(TaskRequest.forSite("bench-tail", 1, null, Map.of(), "bench")).task().id();
            List<Double> api = new CopyOnWriteArrayList<>();
            List<Double> sse = new CopyOnWriteArrayList<>();
            List<CompletableFuture<Void>> reading = new ArrayList<>();
            for (int i = 0; i < followers; i++) {
                reading.add(readApi(base, id, api));
                reading.add(readSse(base, id, sse, session(base)));
            }
            LogFeed feed = context.getBean(LogFeed.class);
            Thread.sleep(1000); // the followers' requests reach the panel before the first line
            long readsBefore = feed.reads();
            GATE.countDown();
            CompletableFuture.allOf(reading.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            System.out.printf("log_tail_api_p50_ms=%.1f%nlog_tail_api_p95_ms=%.1f%n", percentile(api, 50),
                    percentile(api, 95));
            System.out.printf("log_tail_sse_p50_ms=%.1f%nlog_tail_sse_p95_ms=%.1f%n", percentile(sse, 50),
                    percentile(sse, 95));
            System.out.printf("lines_received_api=%d%nlines_received_sse=%d%n", api.size(), sse.size());
            System.out.printf("feed_reads=%d%n", feed.reads() - readsBefore);
            System.out.printf("lines=%d%ninterval_ms=%d%nfollowers_per_kind=%d%nload_average_at_start=%s%n", lines,
                    intervalMs, followers, load);
        } finally {
            TestDatabases.execute(server, "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        }
        System.exit(0);
    }

    private static ConfigurableApplicationContext start(TestDatabases.Database database) throws Exception {
        return new SpringApplicationBuilder(BosunApplication.class, BenchHandlers.class).run(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.server().username(),
                "--spring.datasource.password=" + database.server().password(),
                "--bosun.home=" + Files.createTempDirectory("bosun-bench"),
                "--bosun.admin.password=" + PASSWORD,
                "--server.port=0", "--spring.main.banner-mode=off", "--logging.pattern.console=");
    }

    /** The API follower: each text line starts with the line's own timestamp. */
    private static CompletableFuture<Void> readApi(String base, long id, List<Double> delays) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks/" + id + "/log?follow=true"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8))).build();
        // Asynchronous: the panel answers the headers with the first line, which comes after the release.
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenAcceptAsync(response -> read(response.body(), line -> {
            if (!line.startsWith("--")) {
                delays.add(delay(line.substring(0, line.indexOf(' '))));
            }
        }));
    }

    /** The task page's SSE stream: each {@code line} event's list items carry their line's time. */
    private static CompletableFuture<Void> readSse(String base, long id, List<Double> delays, HttpClient session)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/tasks/" + id + "/stream"))
                .header("Accept", "text/event-stream").build();
        return session.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenAcceptAsync(response -> read(response.body(), line -> {
            Matcher matcher = DATETIME.matcher(line);
            while (matcher.find()) {
                delays.add(delay(matcher.group(1)));
            }
        }));
    }

    /** A client signed in through the login form, its session in a cookie. */
    private static HttpClient session(String base) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String form = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
        if (!csrf.find()) {
            throw new IllegalStateException("The login form has no CSRF token");
        }
        String data = "username=admin&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(data)).build(), HttpResponse.BodyHandlers.ofString());
        if (signedIn.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("Could not sign in as admin");
        }
        return client;
    }

    private static void read(InputStream body, java.util.function.Consumer<String> each) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                each.accept(line);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double delay(String timestamp) {
        Instant at = Instant.parse(timestamp);
        Instant now = Instant.now();
        return (now.toEpochMilli() - at.toEpochMilli()) + (now.getNano() % 1_000_000 - at.getNano() % 1_000_000) / 1e6;
    }

    /** The benchmark's task: waits for the followers, then writes a line every interval in one step. */
    @Configuration(proxyBeanMethods = false)
    static class BenchHandlers {

        @Bean
        TaskHandler benchTail() {
            return TestHandler.site("bench-tail", run -> {
                GATE.await();
                run.step("tail", step -> {
                    for (int i = 1; i <= lines; i++) {
                        step.info("line " + i);
                        Thread.sleep(intervalMs);
                    }
                });
            });
        }
    }
}
