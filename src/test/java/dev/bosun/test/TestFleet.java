package dev.bosun.test;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import dev.bosun.server.DbType;
import dev.bosun.server.HttpType;
import dev.bosun.server.ServerRegistration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fleet on one machine that behaves like several, for one test class ({@code @RegisterExtension static}):
 * <ul>
 * <li>web servers {@code web1}, {@code web2}…: each an unprivileged Unix user of its own (made for the run) with
 * its own OpenSSH server (own port, own host key, the panel's key in the user's {@code authorized_keys}), its
 * own nginx and PHP-FPM (master processes root's, workers and PHP as that user, on their own ports), its own
 * directories in its home ({@code examples/platforms/} with a copy of the example platforms, {@code config/nginx/vhost.d})
 * and a sudoers rule that lets it run exactly its nginx's config test and reload, nothing else;</li>
 * <li>database servers: the machine's MariaDB ({@code db1}), a second MariaDB with its own data directory on
 * another port ({@code db2}), and the machine's PostgreSQL ({@code pg}).</li>
 * </ul>
 * Everything is torn down after the class: processes, sudoers file, users and their homes, the second MariaDB.
 * Needs root (to make users), sshd, sudo, nginx, php-fpm and mariadbd; without them the class is skipped with
 * the reason (a failure with {@code BOSUN_REQUIRE_ALL_TESTS=true}).
 */
public final class TestFleet implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    static final List<String> PROGRAMS = List.of("sshd", "ssh-keygen", "sudo", "visudo", "useradd", "userdel",
            "nginx", "php-fpm8.2", "php", "mariadbd", "mariadb-install-db", "mariadb|mysql", "rsync");
    private static final Duration START = Duration.ofSeconds(60);
    private static final String SUDOERS_DIR = "/etc/sudoers.d";

    private final int webServers;
    private final Function<ExtensionContext, String> panelKey;
    private final String run = randomToken(6);
    private final List<Process> processes = new ArrayList<>();
    private final List<WebServer> webs = new ArrayList<>();
    private Path base;
    private Path sudoers;
    private DbServer db1;
    private DbServer db2;
    private DbServer postgres;
    private HttpServer frontDoor;

    /**
     * {@code panelKey} gives the panel's public key line ({@code ssh-ed25519 …}) when the fleet is built (for a
     * Spring test, from its context: {@code SpringExtension.getApplicationContext(context)} works by then).
     */
    public TestFleet(int webServers, Function<ExtensionContext, String> panelKey) {
        this.webServers = webServers;
        this.panelKey = panelKey;
    }

    /** One web server of the fleet. {@code configTest} and {@code reload} are what its sudoers rule allows. */
    public record WebServer(String name, String user, Path home, int sshPort, Path hostKey, int httpPort,
                            int fpmPort, Path vhostDir, Path platforms, String configTest, String reload,
                            Process sshd, Path nginxDir) {

        public ServerRegistration registration(String serverName) {
            return new ServerRegistration(serverName, "127.0.0.1", sshPort, user, false,
                    new ServerRegistration.HttpSettings(HttpType.NGINX, vhostDir.toString(), configTest, reload,
                            httpPort, "127.0.0.1:" + fpmPort),
                    null);
        }

        /** A copy of an example platform in the user's home, owned by the user. */
        public Path platform(String example) {
            return platforms.resolve(example);
        }

        /** Another copy of an example platform in the user's home, under {@code name}, owned by the user. */
        public Path copyPlatform(String example, String name) throws Exception {
            Path copy = platforms.resolve(name);
            copyTree(platforms.resolve(example), copy);
            TestFleet.run("chown", "-R", user + ":" + user, copy.toString());
            return copy;
        }

        /** GET {@code path} from this server's nginx with {@code Host: domain}, over HTTP/1.0. */
        public HttpAnswer get(String domain, String path) throws IOException {
            return HttpAnswer.get(httpPort, domain, path);
        }

        /** The sshd's children: the processes serving the connections open now (their sessions included). */
        public List<ProcessHandle> connections() {
            return sshd.toHandle().children().toList();
        }
    }

    /** One database server of the fleet, as the panel registers it. */
    public record DbServer(String name, DbType type, String host, int port, String adminUser, String adminPassword) {

        public ServerRegistration registration(String serverName) {
            return new ServerRegistration(serverName, host, 22, "root", false, null,
                    new ServerRegistration.DbSettings(type, host, port, adminUser, adminPassword));
        }

        public String jdbcUrl(String database) {
            return (type == DbType.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mariadb://") + host + ":" + port + "/"
                    + database;
        }

        /** The first column of the first row, as the administrator. */
        public String query(String database, String sql) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl(database), adminUser, adminPassword);
                 var result = connection.createStatement().executeQuery(sql)) {
                return result.next() ? result.getString(1) : null;
            } catch (SQLException e) {
                throw new IllegalStateException(sql + " on " + name + ": " + e.getMessage(), e);
            }
        }

        public boolean hasDatabase(String database) {
            String sql = type == DbType.POSTGRESQL
                    ? "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'"
                    : "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + database + "'";
            return !"0".equals(query(type == DbType.POSTGRESQL ? "postgres" : "mysql", sql));
        }
    }

    /** A status line, the head and the body of an answer. */
    public record HttpAnswer(int status, String head, String body) {

        /** The Location header; null when there is none. */
        public String location() {
            return head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("location:"))
                    .map(line -> line.substring("location:".length()).trim()).findFirst().orElse(null);
        }

        /** GET from 127.0.0.1:{@code port} with {@code domain} as Host, over HTTP/1.0. */
        public static HttpAnswer get(int port, String domain, String path) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return over(socket, domain, path);
            }
        }

        /**
         * GET over an open connection (plain or TLS), over HTTP/1.0, the whole answer read: java.net.http does not
         * let a caller set Host.
         */
        public static HttpAnswer over(Socket socket, String domain, String path) throws IOException {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + domain + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(out);
            String response = out.toString(StandardCharsets.UTF_8);
            int bodyStart = response.indexOf("\r\n\r\n");
            return new HttpAnswer(Integer.parseInt(response.split(" ", 3)[1]),
                    bodyStart < 0 ? response : response.substring(0, bodyStart),
                    bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }

    public WebServer web(int number) {
        return webs.get(number - 1);
    }

    public List<WebServer> webs() {
        return List.copyOf(webs);
    }

    /**
     * One HTTP port on 127.0.0.1 that answers for every name as the web server that serves it does, as DNS that
     * points each site's names at its own server would: a request is asked of each web server in turn with its
     * Host, and the first 200 is the answer (else 404). An ACME CA validates HTTP-01 challenges here. Started on
     * first use, stopped with the fleet.
     */
    public synchronized int frontDoorPort() throws IOException {
        if (frontDoor == null) {
            frontDoor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            frontDoor.createContext("/", exchange -> {
                String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).replaceFirst(":\\d+$", "");
                String path = exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null
                        ? "" : "?" + exchange.getRequestURI().getRawQuery());
                byte[] body = null;
                for (WebServer web : webs) {
                    HttpAnswer answer = web.get(host, path);
                    if (answer.status() == 200) {
                        body = answer.body().getBytes(StandardCharsets.UTF_8);
                        break;
                    }
                }
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            frontDoor.start();
        }
        return frontDoor.getAddress().getPort();
    }

    /** The machine's MariaDB. */
    public DbServer db1() {
        return db1;
    }

    /** The second MariaDB, with its own data directory and port. */
    public DbServer db2() {
        return db2;
    }

    /** The machine's PostgreSQL. */
    public DbServer postgres() {
        return postgres;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        List<String> missing = PROGRAMS.stream().filter(entry -> Stream.of(entry.split("\\|"))
                .noneMatch(program -> RequiresProgramCondition.find(program).isPresent())).toList();
        TestRequirements.require(missing.isEmpty(), "The test fleet needs " + String.join(", ", missing)
                + " on the PATH (installed by .ci/run)");
        TestRequirements.require("root".equals(System.getProperty("user.name")),
                "The test fleet makes Unix users and a sudoers file: it needs root, as on CI");
        start(panelKey.apply(context));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        tearDown();
    }

    /** Builds the fleet outside JUnit (a benchmark), the panel's key line given; {@link #close} tears it down. */
    public void start(String key) throws Exception {
        try {
            build(key);
        } catch (Exception | Error failed) {
            tearDown();
            throw failed;
        }
    }

    @Override
    public void close() {
        tearDown();
    }

    private void build(String key) throws Exception {
        base = Files.createTempDirectory("bosun-fleet");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (int i = 1; i <= webServers; i++) {
            webs.add(webServer(i, key));
        }
        installSudoers();
        TestDatabases.Server machine = TestDatabases.mariadb();
        db1 = new DbServer("db1", DbType.MARIADB, machine.host(), machine.port(), machine.username(),
                machine.password());
        db2 = secondMariaDb();
        TestDatabases.Server pg = TestDatabases.postgres();
        postgres = new DbServer("pg", DbType.POSTGRESQL, "127.0.0.1", pg.port(), pg.username(), pg.password());
    }

    private WebServer webServer(int number, String key) throws Exception {
        String name = "web" + number;
        String user = "bosun" + name + run;
        Path home = base.resolve(name);
        run("useradd", "--create-home", "--home-dir", home.toString(), "--shell", "/bin/sh", "--user-group", user);
        run("usermod", "--password", "*", user); // no password, yet not locked: sshd lets keys in
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(ssh.resolve("authorized_keys"), key + "\n");
        Path vhostDir = Files.createDirectories(home.resolve("config/nginx/vhost.d"));
        copyTree(ExamplePlatforms.EXAMPLES, home.resolve("examples"));
        Path platforms = home.resolve("examples/platforms");
        run("chown", "-R", user + ":" + user, home.toString());
        run("chmod", "700", ssh.toString());
        run("chmod", "600", ssh.resolve("authorized_keys").toString());
        Path hostKey = base.resolve(name + "-sshd/ssh_host_ed25519_key");
        int sshPort = FreePorts.next();
        Process sshd = sshd(name, user, hostKey, sshPort);
        int fpmPort = FreePorts.next();
        phpFpm(name, user, fpmPort);
        int httpPort = FreePorts.next();
        Path nginxDir = nginx(name, user, httpPort, vhostDir);
        String nginx = program("nginx") + " -e " + nginxDir.resolve("error.log") + " -p " + nginxDir + " -c "
                + nginxDir.resolve("nginx.conf");
        return new WebServer(name, user, home, sshPort, hostKey.resolveSibling("ssh_host_ed25519_key.pub"), httpPort,
                fpmPort, vhostDir, platforms, "sudo -n " + nginx + " -t", "sudo -n " + nginx + " -s reload", sshd,
                nginxDir);
    }

    private Process sshd(String name, String user, Path hostKey, int port) throws Exception {
        Path dir = Files.createDirectories(hostKey.getParent());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", hostKey.toString());
        Files.createDirectories(Path.of("/run/sshd"));
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AllowUsers " + user,
                "AuthorizedKeysFile .ssh/authorized_keys",
                "PermitRootLogin no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "MaxSessions 50",
                "MaxStartups 50:30:100",
                "Subsystem sftp internal-sftp",
                "LogLevel ERROR", ""));
        return start(name + " sshd", dir, port, List.of(program("sshd"), "-D", "-e", "-f", config.toString()));
    }

    private void phpFpm(String name, String user, int port) throws Exception {
        Path dir = Files.createDirectories(base.resolve(name + "-php-fpm"));
        Files.writeString(dir.resolve("php-fpm.conf"), String.join("\n",
                "[global]", "pid = " + dir.resolve("php-fpm.pid"), "error_log = " + dir.resolve("php-fpm.log"),
                "daemonize = no", "[" + user + "]", "user = " + user, "group = " + user,
                "listen = 127.0.0.1:" + port, "pm = static", "pm.max_children = 2", ""));
        start(name + " php-fpm", dir, port, List.of(program("php-fpm8.2"), "-F", "-y",
                dir.resolve("php-fpm.conf").toString(), "-p", dir.toString()));
    }

    private Path nginx(String name, String user, int port, Path vhostDir) throws Exception {
        Path dir = Files.createDirectories(base.resolve(name + "-nginx"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "daemon off;", "user " + user + " " + user + ";", "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";", "error_log " + dir.resolve("error.log") + ";",
                "events { worker_connections 64; }", "http {", "  access_log off;",
                "  server_names_hash_bucket_size 128;",
                "  client_body_temp_path " + dir.resolve("tmp/body") + ";",
                "  proxy_temp_path " + dir.resolve("tmp/proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("tmp/fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";",
                "  scgi_temp_path " + dir.resolve("tmp/scgi") + ";",
                "  server { listen " + port + " default_server; return 404; }",
                "  include " + vhostDir + "/*;", "}", ""));
        start(name + " nginx", dir, port, List.of(program("nginx"), "-e", dir.resolve("error.log").toString(), "-p",
                dir.toString(), "-c", dir.resolve("nginx.conf").toString()));
        return dir;
    }

    /** One file in /etc/sudoers.d: each web user may run its own nginx's config test and reload as root. */
    private void installSudoers() throws Exception {
        StringBuilder rules = new StringBuilder("# Bosun test fleet " + run + "\n");
        for (WebServer web : webs) {
            rules.append(web.user()).append(" ALL=(root) NOPASSWD: ").append(web.configTest().substring(8))
                    .append(", ").append(web.reload().substring(8)).append('\n');
        }
        Path draft = base.resolve("sudoers");
        Files.writeString(draft, rules);
        run("visudo", "-c", "-q", "-f", draft.toString());
        Path target = Path.of(SUDOERS_DIR, "bosun-fleet-" + run);
        Files.setPosixFilePermissions(draft, PosixFilePermissions.fromString("r--r-----"));
        Files.move(draft, target, StandardCopyOption.ATOMIC_MOVE);
        sudoers = target;
    }

    /** Debian's mariadbd with a data directory of its own, on a free port, with an administrator made for the run. */
    private DbServer secondMariaDb() throws Exception {
        Path dir = Files.createDirectories(base.resolve("db2"));
        Path data = dir.resolve("data");
        run("mariadb-install-db", "--no-defaults", "--user=root", "--datadir=" + data, "--skip-test-db",
                "--auth-root-authentication-method=socket");
        int port = FreePorts.next();
        Path socket = dir.resolve("mariadb.sock");
        start("db2 mariadbd", dir, port, List.of(program("mariadbd"), "--no-defaults", "--user=root",
                "--datadir=" + data, "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + socket,
                "--pid-file=" + dir.resolve("mariadbd.pid"), "--skip-name-resolve", "--skip-log-bin",
                "--innodb-buffer-pool-size=16M", "--log-error=" + dir.resolve("error.log")));
        String password = randomToken(20);
        String admin = "bosun_admin";
        StringBuilder sql = new StringBuilder();
        for (String host : List.of("127.0.0.1", "localhost")) {
            sql.append("CREATE USER '").append(admin).append("'@'").append(host).append("' IDENTIFIED BY '")
                    .append(password).append("'; GRANT ALL PRIVILEGES ON *.* TO '").append(admin).append("'@'")
                    .append(host).append("' WITH GRANT OPTION; ");
        }
        run(program(RequiresProgramCondition.find("mariadb").isPresent() ? "mariadb" : "mysql"), "--no-defaults",
                "--socket=" + socket, "-u", "root", "-e", sql.toString());
        return new DbServer("db2", DbType.MARIADB, "127.0.0.1", port, admin, password);
    }

    private Process start(String what, Path dir, int port, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.log").toFile()).start();
        processes.add(process);
        await().atMost(START).until(() -> !process.isAlive() || accepts(port));
        if (!process.isAlive()) {
            throw new IllegalStateException(what + " did not start: " + Files.readString(dir.resolve("console.log")));
        }
        return process;
    }

    private void tearDown() {
        if (frontDoor != null) {
            frontDoor.stop(0);
            frontDoor = null;
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            stop(processes.get(i));
        }
        processes.clear();
        if (sudoers != null) {
            quietly(() -> Files.deleteIfExists(sudoers));
        }
        for (WebServer web : webs) {
            quietly(() -> run("userdel", "--force", "--remove", web.user()));
        }
        if (base != null) {
            quietly(() -> run("rm", "-rf", "--one-file-system", base.toString()));
        }
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String program(String name) {
        return RequiresProgramCondition.find(name).map(Path::toString).orElse(name);
    }

    static String run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command));
        line.set(0, program(command[0]));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** A file's permission bits in octal, as {@code stat -c %a} shows them. */
    public static String mode(Path path) throws IOException {
        int bits = 0;
        for (var permission : Files.getPosixFilePermissions(path)) {
            bits |= 1 << (8 - permission.ordinal());
        }
        return Integer.toOctalString(bits);
    }

    private static String randomToken(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            System.err.println("Test fleet teardown: " + e.getMessage());
        }
    }
}
