package dev.bosun.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.bosun.test.ExamplePlatforms;
import dev.bosun.test.FreePorts;
import dev.bosun.test.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo fleet of a crash drill on one fixed home: the panel (demo profile: embedded PostgreSQL, the private
 * nginx and PHP-FPM, the machine's MariaDB for the sites), its API, its database and what is on disk, and the
 * checks that nothing of a task was left behind.
 */
public final class DrillFleet implements AutoCloseable {

    static final String ADMIN_PASSWORD = "drill-admin-password";
    static final String READY = "Demo: ready with";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Path home;
    final Path platforms;
    final String prefix;
    final int port = FreePorts.next();
    final int pgPort = FreePorts.next();
    final int httpPort = freePair();
    private PanelProcess panel;
    private int sites;
    private String classPath = PanelProcess.applicationClassPath();
    private Path classDataArchive;

    public DrillFleet(Path home) throws Exception {
        this.home = Files.createDirectories(home);
        this.prefix = "c" + Long.toString(System.currentTimeMillis() % 1_000_000L, 36);
        this.platforms = copyExamples(home.resolve("examples"));
    }

    /** A free port whose next one is free too: the demo's nginx listens on the first, its PHP-FPM on the second. */
    private static int freePair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = FreePorts.next();
            try (var next = new java.net.ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No two free ports in a row");
    }

    private static Path copyExamples(Path target) throws IOException {
        Path source = ExamplePlatforms.EXAMPLES;
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else if (!Files.exists(copy)) {
                    Files.copy(path, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target.resolve("platforms");
    }

    /** Starts the panel on this home, with a halt armed at {@code haltAt} (type:step:when), or none. */
    public PanelProcess start(String haltAt, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=demo", "--spring.datasource.url=",
                "--bosun.embedded-db.port=" + pgPort, "--bosun.demo.http-port=" + httpPort,
                "--bosun.demo.platforms=" + platforms, "--bosun.admin.password=" + ADMIN_PASSWORD,
                "--bosun.tasks.fault-injection=true", "--logging.level.dev.bosun=INFO"));
        if (haltAt != null) {
            args.add("--bosun.tasks.halt-at=" + haltAt);
        }
        args.addAll(List.of(extra));
        List<String> jvmOptions = classDataArchive == null ? List.of()
                : Files.exists(classDataArchive) ? List.of("-XX:SharedArchiveFile=" + classDataArchive, "-Xshare:auto")
                : List.of("-XX:ArchiveClassesAtExit=" + classDataArchive);
        panel = PanelProcess.start(home, "panel", port, jvmOptions, classPath, args, READY);
        return panel;
    }

    /**
     * Starts the panel from jars from now on, and shares class data between its starts: the next panel started
     * writes an archive of the classes it loaded when it stops (a clean stop: a halted or killed process writes
     * none), and the panels started after that load their classes from it, which shortens their start.
     */
    public void shareClassData() throws IOException {
        Path cds = Files.createDirectories(home.resolve("cds"));
        classPath = PanelProcess.applicationClassPathOfJars(cds.resolve("bosun-classes.jar"));
        classDataArchive = cds.resolve("panel.jsa");
    }

    /** The embedded PostgreSQL's postmaster. */
    long postgresPid() throws IOException {
        return Long.parseLong(Files.readAllLines(home.resolve("pgdata").resolve("postmaster.pid")).get(0).strip());
    }

    /** The health endpoint's status code and body. */
    HttpResponse<String> health() throws Exception {
        return client().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET of the API with the administrator's valid credentials. */
    HttpResponse<String> apiGet(String path) throws Exception {
        return client().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", basic("admin", ADMIN_PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A second node: same home and database, no demo set-up of its own (the first node's nginx serves). */
    PanelProcess startSecondNode(int secondPort, String haltAt) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/bosun",
                "--spring.datasource.username=postgres", "--spring.datasource.password=" + pgPassword(),
                "--bosun.tasks.fault-injection=true"));
        if (haltAt != null) {
            args.add("--bosun.tasks.halt-at=" + haltAt);
        }
        return PanelProcess.start(home, "second-node", secondPort, args, null);
    }

    PanelProcess panel() {
        return panel;
    }

    @Override
    public void close() throws Exception {
        if (panel != null) {
            panel.close();
        }
    }

    // ---- the panel's API ----

    /** Prepares the drill's site in the running panel (which is armed for this drill) and queues its task. */
    public DrillSubject prepareAndQueue(CrashDrills.Drill drill) throws Exception {
        long site = createSite("example-base");
        long install = db().sql("SELECT max(id) FROM tasks WHERE site_id = :s AND type = 'install'")
                .param("s", site).query(Long.class).single();
        if (drill.type().equals("install")) {
            return new DrillSubject(drill, site, install, null);
        }
        assertThat(awaitEnd(install, Duration.ofMinutes(3))).as(String.join("\n", log(install)))
                .isIn("SUCCESS", "WARNING");
        return switch (drill.type()) {
            case "backup" -> new DrillSubject(drill, site, queue(site, "backup", Map.of("description", "drill")), null);
            case "restore" -> {
                long backup = queue(site, "backup", Map.of("description", "before the restore drill"));
                assertThat(awaitEnd(backup, Duration.ofMinutes(3))).isIn("SUCCESS", "WARNING");
                long backupId = db().sql("SELECT max(id) FROM backups WHERE site_id = :s").param("s", site)
                        .query(Long.class).single();
                yield new DrillSubject(drill, site, queue(site, "restore", Map.of("backupId", backupId)), null);
            }
            case "migrate" -> new DrillSubject(drill, site, queue(site, "migrate",
                    Map.of("platformId", platformId("example-newer"))), null);
            case "clone" -> {
                String domain = nextDomain();
                yield new DrillSubject(drill, site, queue(site, "clone", Map.of("domain", domain, "platformId",
                        platformId("example-base"), "dbServerId", dbServiceId(), "aliases", List.of())),
                        domain);
            }
            default -> throw new IllegalArgumentException(drill.type());
        };
    }


    /**
     * The sites the drills of several rounds share, by task type and lane (a round runs one task of a type per
     * lane): each drill of a backup, restore, migrate or clone works on the site the drill of its lane before it
     * left (in its old or its new state, serving), and the restores of a lane restore that lane's backup; an
     * install drill installs a new site.
     */
    public record Subjects(Map<String, List<Long>> sites, List<Long> backups) {

        long site(String type, int lane) {
            return sites.get(type).get(lane);
        }
    }

    /** Installs the shared sites ({@code lanes} per task type, side by side) and backs up those restores restore. */
    public Subjects prepareSubjects(Map<String, Integer> lanes) throws Exception {
        Map<String, List<Long>> sites = new java.util.LinkedHashMap<>();
        for (String type : List.of("backup", "restore", "migrate", "clone")) {
            List<Long> ofType = new ArrayList<>();
            for (int lane = 0; lane < lanes.getOrDefault(type, 0); lane++) {
                ofType.add(createSite("example-base"));
            }
            sites.put(type, List.copyOf(ofType));
        }
        for (List<Long> ofType : sites.values()) {
            for (long site : ofType) {
                long install = db().sql("SELECT max(id) FROM tasks WHERE site_id = :s AND type = 'install'")
                        .param("s", site).query(Long.class).single();
                assertThat(awaitEnd(install, Duration.ofMinutes(5))).as(String.join("\n", log(install)))
                        .isIn("SUCCESS", "WARNING");
            }
        }
        List<Long> backupTasks = new ArrayList<>();
        for (long site : sites.get("restore")) {
            backupTasks.add(queue(site, "backup", Map.of("description", "restored by the restore drills")));
        }
        List<Long> backups = new ArrayList<>();
        for (int lane = 0; lane < backupTasks.size(); lane++) {
            assertThat(awaitEnd(backupTasks.get(lane), Duration.ofMinutes(3))).isIn("SUCCESS", "WARNING");
            backups.add(db().sql("SELECT max(id) FROM backups WHERE site_id = :s")
                    .param("s", sites.get("restore").get(lane)).query(Long.class).single());
        }
        return new Subjects(sites, List.copyOf(backups));
    }

    /** Queues the drill's task on the shared site of its lane (a migrate goes to the other of two platforms), or a new install. */
    public DrillSubject queueOn(Subjects subjects, CrashDrills.Drill drill, int lane) throws Exception {
        return switch (drill.type()) {
            case "install" -> {
                long site = createSite("example-base");
                yield new DrillSubject(drill, site, db().sql(
                        "SELECT max(id) FROM tasks WHERE site_id = :s AND type = 'install'").param("s", site)
                        .query(Long.class).single(), null);
            }
            case "backup" -> {
                long site = subjects.site("backup", lane);
                yield new DrillSubject(drill, site, queue(site, "backup", Map.of("description", "drill")), null);
            }
            case "restore" -> {
                long site = subjects.site("restore", lane);
                yield new DrillSubject(drill, site, queue(site, "restore",
                        Map.of("backupId", subjects.backups().get(lane))), null);
            }
            case "migrate" -> {
                long site = subjects.site("migrate", lane);
                String platform = db().sql("SELECT p.name FROM sites s JOIN platforms p ON p.id = s.platform_id "
                        + "WHERE s.id = :id").param("id", site).query(String.class).single();
                yield new DrillSubject(drill, site, queue(site, "migrate", Map.of("platformId",
                        platformId(platform.equals("example-base") ? "example-newer" : "example-base"))), null);
            }
            case "clone" -> {
                long site = subjects.site("clone", lane);
                String domain = nextDomain();
                yield new DrillSubject(drill, site, queue(site, "clone", Map.of("domain", domain, "platformId",
                        platformId("example-base"), "dbServerId", dbServiceId(), "aliases", List.of())), domain);
            }
            default -> throw new IllegalArgumentException(drill.type());
        };
    }

    /** Creates a site through the API (its install is queued); its id. */
    long createSite(String platform) throws Exception {
        String domain = prefix + "-" + (++sites) + ".drill.test";
        JsonNode site = api("POST", "/api/v1/sites", Map.of("domain", domain, "clientId", id("clients", "name",
                "Demo client"), "profile", "example", "platformId", platformId(platform), "dbServerId", dbServiceId()),
                201);
        return site.get("id").asLong();
    }

    String nextDomain() {
        return prefix + "-" + (++sites) + ".drill.test";
    }

    /** Queues a site task through the API; the task's id. */
    long queue(long siteId, String type, Map<String, Object> args) throws Exception {
        return api("POST", "/api/v1/sites/" + siteId + "/tasks", Map.of("type", type, "args", args), 202)
                .get("id").asLong();
    }

    JsonNode api(String method, String path, Object body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", basic("admin", ADMIN_PASSWORD))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body().isBlank() ? null : JSON.readTree(response.body());
    }

    /** A client per request: the panel restarts on the same port, which leaves kept-alive connections dead. */
    private static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The site's front page through the demo's nginx, by its host name: the status code (0: no answer). */
    public int serve(String domain) {
        // Over HTTP/1.0 on a socket: java.net.http refuses to set Host.
        try (Socket socket = new Socket("127.0.0.1", httpPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET / HTTP/1.0\r\nHost: " + domain + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/") ? Integer.parseInt(status.substring(9, 12)) : 0;
        } catch (IOException | NumberFormatException | StringIndexOutOfBoundsException e) {
            return 0;
        }
    }

    /** What a drill saw: when the panel died, was running again, the task ended and the site served. */
    public record Outcome(int exitStatus, String output, Instant killed, Instant restarted, Instant taskEnded,
                          String taskStatus, Instant serving) {

        public double seconds(Instant to) {
            return to == null ? Double.NaN : Duration.between(killed, to).toMillis() / 1000.0;
        }
    }

    /**
     * Waits for the panel to halt at the armed step, starts it again (with {@code nextHaltAt} armed, or none) and
     * waits for the task to end and the site to serve; {@code serving} is null when it did not within a minute.
     */
    public Outcome haltAndRestart(DrillSubject subject, String nextHaltAt) throws Exception {
        int status;
        try {
            status = panel.awaitExit(Duration.ofMinutes(3));
        } catch (IllegalStateException notHalted) {
            panel.kill();
            start(nextHaltAt);
            throw notHalted;
        }
        Instant killed = Instant.now();
        String output = panel.output();
        start(nextHaltAt);
        Instant restarted = Instant.now();
        String end = awaitEnd(subject.task(), Duration.ofMinutes(3));
        Instant ended = Instant.now();
        Instant serving;
        try {
            serving = subject.awaitServing(this);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            serving = null;
        }
        return new Outcome(status, output, killed, restarted, ended, end, serving);
    }

    // ---- the panel's database ----

    JdbcClient db() {
        return JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:" + pgPort + "/bosun",
                "postgres", pgPassword()));
    }

    String pgPassword() {
        try {
            return Files.readString(home.resolve("pgdata-password")).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    long id(String table, String column, String value) {
        return db().sql("SELECT id FROM " + table + " WHERE " + column + " = :v ORDER BY id LIMIT 1")
                .param("v", value).query(Long.class).single();
    }

    long platformId(String name) {
        return id("platforms", "name", name);
    }

    long masterId() {
        return db().sql("SELECT id FROM servers WHERE master").query(Long.class).single();
    }

    /** The master's database service, which the API calls the database server. */
    long dbServiceId() {
        return db().sql("SELECT s.id FROM services s JOIN servers m ON m.id = s.server_id WHERE m.master AND s.kind = 'db'")
                .query(Long.class).single();
    }

    String taskStatus(long taskId) {
        return db().sql("SELECT status FROM tasks WHERE id = :id").param("id", taskId).query(String.class).single();
    }

    /**
     * Waits for every platform to be verified, as installs need, and turns the demo's backup manager off: its
     * scheduled backups would compete with the drills' own tasks (and meet their halts).
     */
    public void awaitPlatformsEnabled() {
        db().sql("UPDATE features SET enabled = FALSE WHERE name = 'backup_manager'").update();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> db()
                .sql("SELECT count(*) FROM platforms WHERE status <> 'ENABLED' AND status <> 'DELETED'")
                .query(Long.class).single() == 0);
        awaitQuiet(Duration.ofMinutes(3));
    }

    /** Waits for the task to end; its status. */
    String awaitEnd(long taskId, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> taskStatus(taskId), status -> !status.equals("QUEUED") && !status.equals("PROCESSING"));
    }

    /** Waits until no task is queued or running. */
    void awaitQuiet(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> db()
                .sql("SELECT count(*) FROM tasks WHERE status IN ('QUEUED', 'PROCESSING')").query(Long.class)
                .single() == 0);
    }

    List<String> log(long taskId) {
        return db().sql("SELECT level || ' ' || message FROM task_log WHERE task_id = :id ORDER BY seq")
                .param("id", taskId).query(String.class).list();
    }

    public Site site(long siteId) {
        return db().sql("""
                        SELECT s.id, s.domain, s.status, s.db_name, s.db_user, s.maintenance, p.root_path
                        FROM sites s JOIN platforms p ON p.id = s.platform_id WHERE s.id = :id""")
                .param("id", siteId).query((rs, row) -> new Site(rs.getLong("id"), rs.getString("domain"),
                        rs.getString("status"), rs.getString("db_name"), rs.getString("db_user"),
                        rs.getBoolean("maintenance"), Path.of(rs.getString("root_path")))).single();
    }

    List<Site> sitesOfThisRun() {
        return db().sql("SELECT id FROM sites WHERE domain LIKE :p ORDER BY id").param("p", prefix + "-%")
                .query(Long.class).list().stream().map(this::site).toList();
    }

    public record Site(long id, String domain, String status, String dbName, String dbUser, boolean maintenance,
                Path platformRoot) {

        boolean live() {
            return status.equals("ENABLED") || status.equals("DISABLED");
        }

        Path directory() {
            return platformRoot.resolve("web").resolve("sites").resolve(domain);
        }
    }

    // ---- what must not be left behind ----

    /**
     * Every live site of this run serves (200 through nginx by its host name) with its database, user and folder,
     * and nothing else of this run exists: no database, user, site folder or vhost of a site that is not live, no
     * temporary or staging file, no backup file without its record nor record without its file.
     */
    List<String> problems() throws Exception {
        List<String> problems = new ArrayList<>();
        List<Site> all = sitesOfThisRun();
        Set<String> liveDbs = new TreeSet<>();
        Set<String> liveUsers = new TreeSet<>();
        Set<String> liveFolders = new TreeSet<>();
        for (Site site : all) {
            if (!site.live()) {
                continue;
            }
            liveDbs.add(site.dbName());
            liveUsers.add(site.dbUser());
            liveFolders.add(site.directory().toString());
            if (site.status().equals("ENABLED") && serve(site.domain()) != 200) {
                problems.add(site.domain() + " answers " + serve(site.domain()) + ", not 200");
            }
            if (site.maintenance()) {
                problems.add(site.domain() + " is left in maintenance");
            }
            Path settings = site.directory().resolve("settings.php");
            if (!Files.exists(settings)) {
                problems.add(site.domain() + " has no settings.php at " + settings);
            } else if (!Files.readString(settings).contains(site.dbName())) {
                problems.add(site.domain() + "'s settings.php does not name its database " + site.dbName());
            }
        }
        Set<String> dbs = mariaDb("SHOW DATABASES");
        Set<String> users = mariaDb("SELECT DISTINCT User FROM mysql.user");
        difference(dbs, liveDbs, "database", problems);
        difference(users, liveUsers, "database user", problems);
        difference(siteFolders(), liveFolders, "site folder", problems);
        problems.addAll(temporaryFiles());
        problems.addAll(backupsWithoutTheirOther());
        problems.addAll(vhostsOfNoLiveSite(all));
        return problems;
    }

    private void difference(Set<String> found, Set<String> live, String what, List<String> problems) {
        for (String name : found) {
            if (!live.contains(name)) {
                problems.add("orphan " + what + " " + name);
            }
        }
        for (String name : live) {
            if (!found.contains(name)) {
                problems.add("missing " + what + " " + name + " of a live site");
            }
        }
    }

    private Set<String> mariaDb(String sql) throws Exception {
        Set<String> names = new TreeSet<>();
        TestDatabases.Server server = TestDatabases.mariadb();
        try (var connection = java.sql.DriverManager.getConnection(server.url(), server.username(),
                server.password()); var rs = connection.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.startsWith(prefix + "_")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private Set<String> siteFolders() throws IOException {
        Set<String> folders = new TreeSet<>();
        try (Stream<Path> roots = Files.list(platforms)) {
            for (Path root : (Iterable<Path>) roots::iterator) {
                Path sitesDir = root.resolve("web").resolve("sites");
                if (!Files.isDirectory(sitesDir)) {
                    continue;
                }
                try (Stream<Path> children = Files.list(sitesDir)) {
                    children.filter(child -> child.getFileName().toString().startsWith(prefix + "-"))
                            .forEach(child -> folders.add(child.toString()));
                }
            }
        }
        return folders;
    }

    private List<String> temporaryFiles() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path dir : List.of(home.resolve("tmp"), home.resolve("backups"), home.resolve("demo"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.filter(Files::isRegularFile).filter(path -> path.startsWith(home.resolve("tmp"))
                                || path.getFileName().toString().endsWith(".part")
                                || path.getFileName().toString().matches("\\.bosun-.*\\.tmp"))
                        .forEach(path -> found.add("temporary file " + home.relativize(path)));
            }
        }
        return found;
    }

    private List<String> backupsWithoutTheirOther() throws IOException {
        List<String> found = new ArrayList<>();
        Set<String> recorded = new TreeSet<>(db().sql("SELECT path FROM backups").query(String.class).list());
        for (String path : recorded) {
            if (!Files.exists(Path.of(path))) {
                found.add("backup record without its file " + path);
            }
        }
        Path backups = home.resolve("backups");
        if (Files.isDirectory(backups)) {
            try (Stream<Path> files = Files.list(backups)) {
                files.filter(path -> path.getFileName().toString().endsWith(".tar.gz"))
                        .filter(path -> !recorded.contains(path.toString()))
                        .forEach(path -> found.add("backup file without its record " + home.relativize(path)));
            }
        }
        return found;
    }

    private List<String> vhostsOfNoLiveSite(List<Site> all) throws IOException {
        List<String> found = new ArrayList<>();
        Set<String> live = new TreeSet<>(all.stream().filter(Site::live).map(Site::domain).toList());
        Path vhosts = home.resolve("demo").resolve("vhost.d");
        if (Files.isDirectory(vhosts)) {
            try (Stream<Path> files = Files.list(vhosts)) {
                files.map(path -> path.getFileName().toString()).filter(name -> name.startsWith(prefix + "-"))
                        .filter(name -> !live.contains(name))
                        .forEach(name -> found.add("vhost of no live site " + name));
            }
        }
        return found;
    }

    private static final Pattern UNDID = Pattern.compile("OK Undid step '(.+)'\\.");

    /** The log says a step was undone only when it was (its step row UNDONE), and never twice. */
    List<String> untruthfulLog(long taskId) {
        List<String> problems = new ArrayList<>();
        List<String> undone = db().sql("SELECT name FROM task_steps WHERE task_id = :id AND status = 'UNDONE'")
                .param("id", taskId).query(String.class).list();
        List<String> said = new ArrayList<>();
        for (String line : log(taskId)) {
            Matcher matcher = UNDID.matcher(line);
            if (matcher.matches()) {
                said.add(matcher.group(1));
            }
        }
        for (String step : said) {
            if (!undone.contains(step)) {
                problems.add("the log says step '" + step + "' was undone, its record does not");
            }
        }
        if (said.size() != said.stream().distinct().count()) {
            problems.add("the log says a step was undone twice: " + said);
        }
        return problems;
    }

    /** Drops what this run created on the machine's MariaDB. */
    public void dropRunDatabases() throws Exception {
        TestDatabases.Server server = TestDatabases.mariadb();
        try (var connection = java.sql.DriverManager.getConnection(server.url(), server.username(),
                server.password()); var statement = connection.createStatement()) {
            for (String db : mariaDb("SHOW DATABASES")) {
                statement.execute("DROP DATABASE IF EXISTS `" + db + "`");
            }
            List<String[]> accounts = new ArrayList<>();
            try (var rs = statement.executeQuery("SELECT User, Host FROM mysql.user WHERE User LIKE '" + prefix
                    + "\\_%'")) {
                while (rs.next()) {
                    accounts.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] account : accounts) {
                statement.execute("DROP USER IF EXISTS '" + account[0] + "'@'" + account[1] + "'");
            }
        }
    }
}
