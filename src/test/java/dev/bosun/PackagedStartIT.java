package dev.bosun;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.bosun.test.FreePorts;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar, started as an installation starts it ({@code bin/bosun} with {@code config/jvm.options}, so
 * with {@code -Dspring.aot.enabled=true}): it starts from the configuration the build prepared (ADR 0038) on the
 * embedded database and on a database and mail server of its own, serves its pages and API there, and starts the
 * usual way, saying why, when a profile is active. Runs after {@code package} ({@code ./mvnw verify}), on the jar
 * that was just built.
 */
class PackagedStartIT {

    private static final String PASSWORD = "packaged-start-password";
    private static final String FROM_BUILD = "Starting from the configuration prepared at build time";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @TempDir
    Path home;

    private Process panel;
    private final List<TestDatabases.Database> databases = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (panel != null) {
            panel.destroy();
            if (!panel.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                panel.destroyForcibly().waitFor();
            }
        }
        databases.forEach(TestDatabases::drop);
    }

    @Test
    void theDefaultSetUpStartsFromTheBuildsConfigurationAndServesItsPagesAndApi() throws Exception {
        int port = start();

        assertThat(log()).contains(FROM_BUILD).doesNotContain("Starting without the configuration");
        assertServes(port);
    }

    @Test
    void aPanelWithItsOwnDatabaseAndMailServerStartsFromTheBuildsConfigurationToo() throws Exception {
        TestDatabases.Database database = TestDatabases.newPostgresDatabase();
        databases.add(database);
        int port = start("--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.server().username(),
                "--spring.datasource.password=" + database.server().password(),
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + FreePorts.next());

        assertThat(log()).contains(FROM_BUILD).doesNotContain("embedded PostgreSQL");
        assertServes(port);
        assertThat(Files.exists(home.resolve("pgdata"))).as("no embedded database made").isFalse();
        try (var connection = java.sql.DriverManager.getConnection(database.url(), database.server().username(),
                database.server().password());
             var rs = connection.createStatement().executeQuery("SELECT count(*) FROM users WHERE username = 'admin'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the panel's records are in the database it was given").isEqualTo(1);
        }
    }

    @Test
    void aStartWithAProfileStartsTheUsualWayAndSaysWhy() throws Exception {
        int port = start("--spring.profiles.active=packaged-check");

        assertThat(log()).contains("Starting without the configuration prepared at build time (slower): the profile"
                + " packaged-check is active").doesNotContain(FROM_BUILD);
        assertServes(port);
    }

    /** Starts the jar through bin/bosun on a free port and waits for health UP; returns the port. */
    private int start(String... args) throws IOException {
        int port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of("bin/bosun", "--server.port=" + port));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("panel.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("BOSUN_HOME", home.toString());
        env.put("BOSUN_JAR", jar().toString());
        env.put("BOSUN_CDS", "off");
        env.put("BOSUN_JVM_OPTIONS", Path.of("config/jvm.options").toAbsolutePath().toString());
        env.put("BOSUN_ADMIN_PASSWORD", PASSWORD);
        panel = builder.start();
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(panel.isAlive()).as("the panel is running; its log:\n%s", log()).isTrue();
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"UP\"");
            } catch (IOException notYet) {
                return false;
            }
        });
        return port;
    }

    /** Logs in through the form, renders the sites list, and answers the API with HTTP Basic. */
    private void assertServes(int port) throws Exception {
        String base = "http://127.0.0.1:" + port;
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(login.body());
        assertThat(csrf.find()).as("the login form has its token").isTrue();
        String form = "username=admin&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> afterLogin = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(afterLogin.statusCode()).isEqualTo(200);
        assertThat(afterLogin.uri().getPath()).isNotEqualTo("/login");

        HttpResponse<String> sites = browser.send(HttpRequest.newBuilder(URI.create(base + "/sites")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sites.statusCode()).isEqualTo(200);
        assertThat(sites.body()).contains("No sites yet").contains("Add site");

        String basic = java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/api/v1/sites")).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"total\":0");
    }

    private String log() throws IOException {
        Path log = home.resolve("panel.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("bosun-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no packaged jar in target/: run ./mvnw verify"))
                    .toAbsolutePath();
        }
    }
}
