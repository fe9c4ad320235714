package dev.bosun.bench;

import static dev.bosun.bench.BenchArgs.option;
import static dev.bosun.bench.BenchArgs.percentile;
import static dev.bosun.bench.BenchArgs.text;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bosun.test.TestDatabases;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.util.FileSystemUtils;

/**
 * {@code bench/run pages [--database NAME] [--seconds S] [--requests N] [--warm-up-rounds R] [--jvm-options FILE|none] [--jar FILE]}:
 * starts the panel's jar (default: the one in target/) through {@code bin/bosun}, so with the memory settings of
 * {@code config/jvm.options} as a deployment has them, on a database filled by {@code bench/run seed-fleet}, signs
 * in, and requests every list, filter, last page, search and detail page and the main API calls one after the
 * other, after {@code --warm-up-rounds} rounds (default 5) over all of them: per page after three more warm-up
 * requests up to {@code N} requests (default 30) or {@code S} seconds
 * (default 3), whichever comes first. Prints {@code <name>_p50_ms} and {@code <name>_p95_ms} (the time to the
 * whole response on the same machine), then the panel's resident memory after the run ({@code rss_mb}) and the
 * load average at the start.
 */
public final class PagesBenchmark {

    private static final String PASSWORD = "bench-pages-password";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern LAST = Pattern.compile("<a[^>]*rel=\"last\"[^>]*href=\"([^\"]+)\"|"
            + "<a[^>]*href=\"([^\"]+)\"[^>]*rel=\"last\"");
    private static final Pattern PAGE_OF = Pattern.compile("Page 1 of (\\d+)");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final int requests;
    private final double seconds;
    private final int warmUpRounds;
    private String token;

    private PagesBenchmark(String base, int requests, double seconds, int warmUpRounds) {
        this.base = base;
        this.requests = requests;
        this.seconds = seconds;
        this.warmUpRounds = warmUpRounds;
    }

    public static void main(String[] args) throws Exception {
        String database = text(args, "database", SeedFleetBenchmark.DEFAULT_DATABASE);
        int requests = option(args, "requests", 30);
        double seconds = Double.parseDouble(text(args, "seconds", "3"));
        int warmUpRounds = option(args, "warm-up-rounds", 5);
        String options = text(args, "jvm-options", "config/jvm.options");
        Path jar = jar(text(args, "jar", null));
        TestDatabases.Server server = TestDatabases.machinePostgres().orElseThrow(() -> new IllegalStateException(
                "The machine's PostgreSQL (BOSUN_TEST_PG_URL, default 127.0.0.1:5432) does not answer"));
        Fleet fleet = Fleet.of(server, database);
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        int port = freePort();
        // /admin/backups is measured as a panel that uses the backup manager sees it: the manager on, so the page
        // shows its latest check, its rules and the sites with their own schedule; its default schedule off and no
        // day chosen for its window, so it queues no backup meanwhile (the seeded sites with their own schedule
        // are due), and retention off as seeded.
        ManagerState managerBefore = ManagerState.read(server, database);
        signInAsAdmin(server, database);
        new ManagerState(true, false, "").write(server, database);
        Path home = Files.createTempDirectory("bosun-pages");
        Process panel = start(server, database, port, options, jar, home);
        try {
            PagesBenchmark bench = new PagesBenchmark("http://127.0.0.1:" + port, requests, seconds, warmUpRounds);
            bench.awaitUp(panel);
            long rssAfterStart = rssMb(panel.pid());
            bench.signIn();
            Map<String, double[]> results = bench.run(fleet);
            results.entrySet().stream().filter(result -> result.getValue().length > 0).forEach(result -> {
                System.out.printf("%s_p50_ms=%.1f%n", result.getKey(), percentile(result.getValue(), 50));
                System.out.printf("%s_p95_ms=%.1f%n", result.getKey(), percentile(result.getValue(), 95));
            });
            System.out.printf("rss_after_start_mb=%d%n", rssAfterStart);
            System.out.printf("rss_mb=%d%n", rssMb(panel.pid()));
            System.out.printf("requests=%d%n", results.values().stream().mapToInt(t -> t.length).sum());
            System.out.printf("sites=%d%ntasks=%d%nlog_lines=%d%n", fleet.sites, fleet.tasks, fleet.logLines);
            System.out.printf("jvm_options=%s%n", options);
            System.out.printf("jar=%s%n", jar.getFileName());
            System.out.printf("load_average_at_start=%s%n", load);
        } finally {
            panel.destroy();
            panel.waitFor();
            managerBefore.write(server, database);
            FileSystemUtils.deleteRecursively(home);
        }
        System.exit(0);
    }

    /**
     * The run signs in as {@code admin} with {@value #PASSWORD}: the seeded fleet has users (its clients'), so the
     * panel does not create its first administrator; the run makes it, or sets its password.
     */
    private static void signInAsAdmin(TestDatabases.Server server, String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.urlFor(database), server.username(),
                server.password()); var admin = c.prepareStatement("""
                        INSERT INTO users (username, password_hash, role) VALUES ('admin', ?, 'ADMIN')
                        ON CONFLICT ((lower(username))) DO UPDATE SET password_hash = EXCLUDED.password_hash,
                            role = 'ADMIN', enabled = TRUE""")) {
            admin.setString(1, PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(PASSWORD));
            admin.executeUpdate();
        }
    }

    /** Whether the backup manager is on, its default schedule, and the days of its window. */
    private record ManagerState(boolean on, boolean scheduleEnabled, String windowDays) {

        static ManagerState read(TestDatabases.Server server, String database) throws SQLException {
            try (Connection c = DriverManager.getConnection(server.urlFor(database), server.username(),
                    server.password()); var statement = c.createStatement()) {
                ResultSet on = statement.executeQuery("SELECT enabled FROM features WHERE name = 'backup_manager'");
                boolean enabled = on.next() && on.getBoolean(1);
                ResultSet schedule = statement.executeQuery(
                        "SELECT schedule_enabled, window_days FROM backup_settings WHERE id = 1");
                return schedule.next() ? new ManagerState(enabled, schedule.getBoolean(1), schedule.getString(2))
                        : new ManagerState(enabled, true, "MON,TUE,WED,THU,FRI,SAT,SUN");
            }
        }

        void write(TestDatabases.Server server, String database) throws SQLException {
            try (Connection c = DriverManager.getConnection(server.urlFor(database), server.username(),
                    server.password())) {
                try (var feature = c.prepareStatement("""
                        INSERT INTO features (name, enabled, updated_at, updated_by) VALUES ('backup_manager', ?, now(), NULL)
                        ON CONFLICT (name) DO UPDATE SET enabled = EXCLUDED.enabled""")) {
                    feature.setBoolean(1, on);
                    feature.executeUpdate();
                }
                try (var schedule = c.prepareStatement(
                        "UPDATE backup_settings SET schedule_enabled = ?, window_days = ? WHERE id = 1")) {
                    schedule.setBoolean(1, scheduleEnabled);
                    schedule.setString(2, windowDays);
                    schedule.executeUpdate();
                }
            }
        }
    }

    /** What the seeded database holds, and the ids the detail pages are requested with. */
    private record Fleet(long sites, long tasks, long logLines, long siteId, long busySiteId, long platformId,
                         long clientId, long recentTaskId, long oldTaskId, long errorTaskId, String domain,
                         long serverId) {

        static Fleet of(TestDatabases.Server server, String database) throws SQLException {
            try (Connection c = DriverManager.getConnection(server.urlFor(database), server.username(),
                    server.password())) {
                long site = one(c, "SELECT min(id) + count(*) / 2 FROM sites WHERE status = 'ENABLED'");
                return new Fleet(one(c, "SELECT count(*) FROM sites"), one(c, "SELECT count(*) FROM tasks"),
                        one(c, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'task_log'"), site,
                        one(c, "SELECT site_id FROM tasks WHERE site_id IS NOT NULL ORDER BY id DESC LIMIT 1"),
                        one(c, "SELECT platform_id FROM sites GROUP BY platform_id ORDER BY count(*) DESC LIMIT 1"),
                        one(c, "SELECT client_id FROM sites GROUP BY client_id ORDER BY count(*) DESC LIMIT 1"),
                        one(c, "SELECT max(id) FROM tasks"), one(c, "SELECT min(id) FROM tasks"),
                        one(c, "SELECT max(id) FROM tasks WHERE status = 'ERROR'"),
                        text(c, "SELECT domain FROM sites WHERE id = " + site),
                        // The web server with the most sites.
                        one(c, "SELECT p.server_id FROM sites s JOIN platforms p ON p.id = s.platform_id"
                                + " GROUP BY p.server_id ORDER BY count(*) DESC LIMIT 1"));
            }
        }

        private static long one(Connection c, String sql) throws SQLException {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private static String text(Connection c, String sql) throws SQLException {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private Map<String, double[]> run(Fleet f) throws Exception {
        String search = f.domain().substring(0, f.domain().indexOf('.'));
        Map<String, double[]> results = new LinkedHashMap<>();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("dashboard", "/");
        pages.put("tasks", "/tasks");
        pages.put("tasks_error", "/tasks?status=ERROR");
        pages.put("tasks_type", "/tasks?type=restore");
        pages.put("tasks_site_id", "/tasks?siteId=" + f.busySiteId());
        pages.put("tasks_site_search", "/tasks?site=" + search);
        pages.put("tasks_site_search_none", "/tasks?site=no-such-site");
        pages.put("tasks_last", lastPage("/tasks"));
        pages.put("tasks_error_last", lastPage("/tasks?status=ERROR"));
        pages.put("task_recent", "/tasks/" + f.recentTaskId());
        pages.put("task_old", "/tasks/" + f.oldTaskId());
        pages.put("task_error", "/tasks/" + f.errorTaskId());
        pages.put("sites", "/sites");
        pages.put("sites_search", "/sites?q=" + search);
        pages.put("sites_disabled", "/sites?status=DISABLED");
        pages.put("sites_last", lastPage("/sites"));
        pages.put("site", "/sites/" + f.siteId());
        pages.put("site_busy", "/sites/" + f.busySiteId());
        pages.put("platforms", "/platforms");
        pages.put("platform", "/platforms/" + f.platformId());
        pages.put("platform_last", lastPage("/platforms/" + f.platformId()));
        pages.put("clients", "/clients");
        pages.put("clients_last", lastPage("/clients"));
        pages.put("client", "/clients/" + f.clientId());
        pages.put("servers", "/servers");
        pages.put("server", "/servers/" + f.serverId());
        pages.put("site_https", "/sites/" + f.siteId() + "/https");
        pages.put("site_cron", "/sites/" + f.siteId() + "/cron");
        pages.put("site_new", "/sites/new");
        // What the dashboard loads after it (htmx fragments).
        pages.put("dashboard_queue", "/fragments/queue");
        pages.put("dashboard_certificates", "/fragments/certificates-attention");
        pages.put("dashboard_cron", "/fragments/cron-failing");
        pages.put("task_log_earlier", "/tasks/" + f.recentTaskId() + "/log-earlier?before=50");
        pages.put("admin_backups", "/admin/backups");
        pages.put("admin_backups_last", lastPage("/admin/backups"));
        pages.put("admin_cron", "/admin/cron");
        pages.put("admin_users", "/admin/users");
        pages.put("admin_users_last", lastPage("/admin/users"));
        pages.put("audit", "/admin/audit");
        token = createToken();
        Map<String, String> api = new LinkedHashMap<>();
        api.put("api_sites", "/api/v1/sites");
        api.put("api_sites_search", "/api/v1/sites?q=" + search);
        api.put("api_site", "/api/v1/sites/" + f.siteId());
        api.put("api_site_backups", "/api/v1/sites/" + f.siteId() + "/backups");
        api.put("api_tasks", "/api/v1/tasks");
        api.put("api_tasks_error", "/api/v1/tasks?status=ERROR");
        api.put("api_tasks_site", "/api/v1/tasks?siteId=" + f.busySiteId());
        api.put("api_task", "/api/v1/tasks/" + f.recentTaskId());
        api.put("api_task_log", "/api/v1/tasks/" + f.recentTaskId() + "/log");
        api.put("api_platforms", "/api/v1/platforms");
        api.put("api_clients", "/api/v1/clients");
        api.put("api_me", "/api/v1/me");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        Map<String, Call> calls = new LinkedHashMap<>();
        pages.forEach((name, path) -> calls.put(name, () -> get(path, null)));
        api.forEach((name, path) -> calls.put(name, () -> get(path, "Bearer " + token)));
        calls.put("api_me_basic", () -> get("/api/v1/me", basic));
        calls.put("api_tasks_basic", () -> get("/api/v1/tasks", basic));
        // The panel as it serves after a while: every page requested a few times over before any is measured,
        // so that the first pages measured do not carry the JIT's compilation of the code all pages share
        // (start-up is measured by bench/run startup).
        int warmUps = 0;
        for (int round = 0; round < warmUpRounds; round++) {
            for (Call call : calls.values()) {
                try {
                    call.run();
                    warmUps++;
                } catch (Exception failed) {
                    // reported when the page is measured
                }
            }
        }
        System.out.printf("warm_up_requests=%d%n", warmUps);
        calls.forEach((name, call) -> record(results, name, () -> measure(call)));
        return results;
    }

    /** The page's "last" link (rel="last"), else its "Page 1 of N" as {@code page=N-1}, else the page itself. */
    private String lastPage(String path) {
        String html;
        try {
            html = get(path, null);
        } catch (Exception e) {
            return path;
        }
        Matcher last = LAST.matcher(html);
        if (last.find()) {
            return (last.group(1) != null ? last.group(1) : last.group(2)).replace("&amp;", "&").replaceFirst("#.*$", "");
        }
        Matcher pageOf = PAGE_OF.matcher(html);
        if (pageOf.find()) {
            return path + (path.contains("?") ? "&" : "?") + "page=" + (Integer.parseInt(pageOf.group(1)) - 1);
        }
        return path;
    }

    private interface Call {
        Object run() throws Exception;
    }

    /**
     * Three warm-up requests, then requests until the count or the time is reached; a page slower than the time
     * budget is measured by its first request alone (so one slow page cannot hold the run up).
     */
    private double[] measure(Call call) throws Exception {
        long budget = (long) (seconds * 1e9);
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            call.run();
            long took = System.nanoTime() - start;
            if (took > budget) {
                return new double[] {took / 1e6};
            }
        }
        List<Double> times = new ArrayList<>();
        long end = System.nanoTime() + budget;
        while (times.size() < requests && System.nanoTime() < end) {
            long start = System.nanoTime();
            call.run();
            times.add((System.nanoTime() - start) / 1e6);
        }
        return times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** The page's times, or none (and a {@code <name>_failed=} line) when it failed or timed out. */
    private static void record(Map<String, double[]> results, String name, Call call) {
        try {
            results.put(name, call == null ? new double[0] : (double[]) call.run());
        } catch (Exception e) {
            System.out.printf("%s_failed=%s%n", name, e.toString().replace('\n', ' '));
            results.put(name, new double[0]);
        }
    }

    private String get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private void signIn() throws Exception {
        Matcher csrf = CSRF.matcher(get("/login", null));
        if (!csrf.find()) {
            throw new IllegalStateException("The sign-in page has no CSRF field");
        }
        String form = "username=admin&password=" + PASSWORD + "&_csrf=" + csrf.group(1);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 302 || response.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("Signing in failed: " + response.statusCode());
        }
    }

    private String createToken() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/tokens")).header("Authorization", basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"pages benchmark\",\"days\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher secret = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 201 || !secret.find()) {
            throw new IllegalStateException("Creating a token answered " + response.statusCode());
        }
        return secret.group(1);
    }

    private void awaitUp(Process panel) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!panel.isAlive()) {
                throw new IllegalStateException("The panel stopped; see target/pages-benchmark-panel.log");
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The panel did not answer within 10 minutes");
    }

    /**
     * The panel from its jar through {@code bin/bosun}, the one start script: its memory settings (the argument
     * file, {@code MALLOC_ARENA_MAX}) are the ones a deployment gets; no class data sharing archive.
     */
    private static Process start(TestDatabases.Server server, String database, int port, String optionsFile,
                                 Path jar, Path home) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bin/bosun",
                "--spring.datasource.url=" + server.urlFor(database),
                "--spring.datasource.username=" + server.username(),
                "--spring.datasource.password=" + server.password(),
                "--bosun.home=" + home, "--bosun.admin.password=" + PASSWORD, "--server.port=" + port,
                // The seeded logs span a year; the retention job must not delete them during the run.
                "--bosun.tasks.log-retention-days=0", "--spring.main.banner-mode=off");
        builder.environment().put("BOSUN_JAR", jar.toString());
        builder.environment().put("BOSUN_JVM_OPTIONS", optionsFile);
        builder.environment().put("BOSUN_CDS", "off");
        builder.environment().remove("JAVA_OPTS");
        // bin/bosun ends in exec java: the process is the panel's JVM.
        return builder.redirectErrorStream(true)
                .redirectOutput(Path.of("target", "pages-benchmark-panel.log").toFile()).start();
    }

    /** The jar to start: {@code --jar}, else the one {@code ./mvnw -DskipTests package} made in target/. */
    private static Path jar(String given) throws IOException {
        Path jar;
        if (given != null) {
            jar = Path.of(given);
        } else {
            try (var jars = Files.list(Path.of("target"))) {
                jar = jars.filter(path -> path.getFileName().toString().matches("bosun-.*\\.jar")
                        && !path.getFileName().toString().contains("original")).findFirst()
                        .orElseThrow(() -> new IllegalStateException(
                                "No target/bosun-*.jar: build one with ./mvnw -DskipTests package, or give --jar"));
            }
        }
        long built = Files.getLastModifiedTime(jar).toMillis();
        try (var sources = Files.walk(Path.of("src", "main"))) {
            if (sources.anyMatch(source -> source.toFile().lastModified() > built)) {
                System.err.println("pages: " + jar + " is older than src/main (./mvnw -DskipTests package)");
            }
        }
        return jar;
    }

    private static long rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
