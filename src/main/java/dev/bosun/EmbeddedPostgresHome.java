package dev.bosun;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The embedded PostgreSQL's files under {@code <home>}: the data in {@code pgdata}, the password of its superuser
 * {@code postgres} in {@code pgdata-password} (0600, made at the first start). It listens on 127.0.0.1 only, without
 * a Unix socket, and asks for that password (scram-sha-256). A server that a killed panel left running on the data
 * is stopped before the new one starts.
 */
final class EmbeddedPostgresHome {

    static final String USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresHome.class);
    private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(30);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final String HBA_HEADER = "# Written by Bosun at each start: the password is in <home>/pgdata-password\n";
    static final String PASSWORD_HBA = HBA_HEADER
            + "local all all scram-sha-256\n"
            + "host  all all 127.0.0.1/32 scram-sha-256\n"
            + "host  all all ::1/128      scram-sha-256\n";
    /** Only while a password is being set: the server then listens on 127.0.0.1 alone and has no socket. */
    private static final String TRUST_HBA = HBA_HEADER
            + "host  all all 127.0.0.1/32 trust\n";

    /** Files of a running or starting server, never part of a template. */
    private static final Set<String> NOT_IN_TEMPLATE = Set.of("epg-lock", "postmaster.pid", "postmaster.opts");

    private final Path dataDir;
    private final Path passwordFile;
    private final Path template;

    EmbeddedPostgresHome(Path home) {
        this(home, null);
    }

    /**
     * @param template a data directory as {@code initdb} made it, copied by a first start instead of running
     *                 {@code initdb}; when absent, a first start leaves a copy of its new one there. May be null.
     */
    EmbeddedPostgresHome(Path home, Path template) {
        this.dataDir = home.resolve("pgdata");
        this.passwordFile = home.resolve("pgdata-password");
        this.template = template;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Starts the server on {@code port} (0: a free one), its password set first if it has none yet. */
    EmbeddedPostgres start(int port) throws IOException {
        Files.createDirectories(dataDir);
        stopLeftover();
        Optional<String> password = readPassword();
        boolean copied = password.isEmpty() && copyTemplate();
        try {
            return start(port, password, copied);
        } catch (IOException | RuntimeException e) {
            if (!copied) {
                throw e;
            }
            log.warn("The embedded PostgreSQL did not start on the data directory copied from {} ({}); removing the "
                    + "copy and the template, and initializing a new data directory", template, e.getMessage());
            FileSystemUtils.deleteRecursively(template);
            FileSystemUtils.deleteRecursively(dataDir);
            Files.createDirectories(dataDir);
            return start(port, password, false);
        }
    }

    private EmbeddedPostgres start(int port, Optional<String> password, boolean copied) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // Stopped by the application context, after the scheduler: a JVM hook of its own would stop the
                // server while the scheduler still uses it, when the panel is stopped with a signal.
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("password_encryption", "scram-sha-256")
                // The library starts its server for tests: without flushes to disk (-F) and with commits that do not
                // wait for them. The panel keeps its records here, so a commit is on disk when it returns and a
                // power cut or kernel crash cannot corrupt the data directory. (-c options come after -F and win.)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPgBinaryResolver(EmbeddedPostgresHome::binaries);
        if (password.isPresent()) {
            builder.setConnectConfig("password", password.get())
                    .setDataDirectoryCustomizer(dir -> writeHba(PASSWORD_HBA));
            return builder.start();
        }
        // A new data directory (initdb trusts everyone) or one of a version without a password: set it, then
        // ask for it. The file is written once the server has the password, so an interrupted start repeats this.
        boolean keepTemplate = !copied && template != null && isEmpty(dataDir);
        builder.setDataDirectoryCustomizer(dir -> {
            if (keepTemplate) {
                keepTemplate();
            }
            writeHba(TRUST_HBA);
        });
        EmbeddedPostgres postgres = builder.start();
        try {
            setPassword(postgres);
        } catch (IOException | SQLException | RuntimeException e) {
            postgres.close();
            throw new IOException("Could not give the embedded PostgreSQL its password: " + e.getMessage(), e);
        }
        return postgres;
    }

    /**
     * The PostgreSQL binaries for this machine ({@code postgres-linux-x86_64.txz} or {@code postgres-linux-arm_64.txz},
     * from the binaries jars the panel ships), named directly: the library's own lookup first asks the system for its
     * distribution ({@code lsb_release}, a process of its own) at every start, only to find no binaries for it.
     */
    static InputStream binaries(String system, String machineHardware) throws IOException {
        String name = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + machineHardware.toLowerCase(Locale.ROOT)
                + ".txz";
        InputStream archive = EmbeddedPostgresHome.class.getClassLoader().getResourceAsStream(name);
        if (archive == null) {
            throw new IOException("Bosun brings the embedded PostgreSQL for Linux on amd64 and arm64 only, not for "
                    + system + " on " + machineHardware + " (no " + name + "): set spring.datasource.url to a "
                    + "PostgreSQL 13 or later");
        }
        return archive;
    }

    /** A first start (empty data directory) copies the template, when there is a whole one. */
    private boolean copyTemplate() throws IOException {
        if (template == null || !isEmpty(dataDir) || !isTemplate(template)) {
            return false;
        }
        copyTree(template, dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        log.info("Initialized {} from the template {} (initdb's output, kept by an earlier first start)", dataDir,
                template);
        return true;
    }

    /**
     * Right after {@code initdb}, before the server first starts on it: a copy goes to the template, through a
     * folder of its own that is renamed when whole, so that a half copy is never taken for a template. Failing to
     * keep it only costs later first starts their {@code initdb}.
     */
    private void keepTemplate() {
        Path partial = template.resolveSibling(template.getFileName() + ".new-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(template.getParent());
            FileSystemUtils.deleteRecursively(partial);
            copyTree(dataDir, partial);
            Files.move(partial, template, StandardCopyOption.ATOMIC_MOVE);
            log.info("Kept a copy of the new data directory in {} for later first starts", template);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not keep a copy of the new data directory in {}: {}", template, e.getMessage());
            try {
                FileSystemUtils.deleteRecursively(partial);
            } catch (IOException ignored) {
                // a leftover ".new-" folder is never read as a template
            }
        }
    }

    static boolean isTemplate(Path dir) {
        return Files.isRegularFile(dir.resolve("PG_VERSION")) && Files.isRegularFile(dir.resolve("postgresql.conf"))
                && Files.isRegularFile(dir.resolve("global").resolve("pg_control"));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Copies the data directory's files, then flushes each file and folder to disk (as {@code initdb} does): the
     * server's own start only recovers what its write-ahead log holds, which is nothing of initdb's files.
     */
    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> written = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                if (relative.getNameCount() == 1 && NOT_IN_TEMPLATE.contains(relative.toString())) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    if (!Files.isDirectory(target)) {
                        Files.createDirectory(target);
                    }
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                written.add(target);
            }
        }
        // Files first, then the folders that name them, deepest first.
        for (Path path : written) {
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                flush(path);
            }
        }
        for (int i = written.size() - 1; i >= 0; i--) {
            if (Files.isDirectory(written.get(i), LinkOption.NOFOLLOW_LINKS)) {
                flush(written.get(i));
            }
        }
        flush(to.getParent());
    }

    private static void flush(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }


    String password() throws IOException {
        return readPassword().orElseThrow(() -> new IOException("No password in " + passwordFile));
    }

    private void setPassword(EmbeddedPostgres postgres) throws IOException, SQLException {
        String password = newPassword();
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            // Sent as a SCRAM verifier: the password itself never reaches the server or its log.
            connection.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
            writeHba(PASSWORD_HBA);
            try (var reload = connection.createStatement()) {
                reload.execute("SELECT pg_reload_conf()");
            }
        }
        Path fresh = passwordFile.resolveSibling(passwordFile.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        Files.createFile(fresh, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(fresh, password + "\n", StandardCharsets.UTF_8);
        Files.move(fresh, passwordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.info("The embedded PostgreSQL now asks for a password (scram-sha-256, user {}); it is in {}", USER,
                passwordFile);
    }

    /**
     * A server still running on the data directory (the panel was killed) is stopped; a pid file of a process that
     * is gone, or that is no PostgreSQL on this directory, is removed.
     */
    private void stopLeftover() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        List<String> markers = LeftoverProcess.pathMarkers(dataDir);
        switch (LeftoverProcess.state(pidFile, markers)) {
            case RUNNING -> {
                LeftoverProcess leftover = LeftoverProcess.find(pidFile, markers).orElseThrow();
                log.warn("An embedded PostgreSQL from an earlier run still holds {} ({}), probably because the panel "
                        + "was killed; stopping it (fast shutdown)", dataDir, leftover);
                if (!leftover.stop("INT", LEFTOVER_STOP_WAIT)) {
                    throw new IOException("The PostgreSQL left running on " + dataDir + " (process " + leftover.pid()
                            + ") does not stop; stop it, then start the panel again");
                }
                log.info("Stopped the earlier embedded PostgreSQL (process {})", leftover.pid());
            }
            case STALE -> {
                log.info("Removing {}: the process it names is gone or is not this PostgreSQL", pidFile);
                Files.deleteIfExists(pidFile);
            }
            case UNKNOWN -> log.warn("Cannot tell whether the process in {} is a PostgreSQL on this data directory; "
                    + "if the start fails, stop it or remove the file", pidFile);
            case NONE -> {
            }
        }
    }

    private Optional<String> readPassword() throws IOException {
        if (!Files.exists(passwordFile)) {
            return Optional.empty();
        }
        String stored = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        return stored.isEmpty() ? Optional.empty() : Optional.of(stored);
    }

    private void writeHba(String content) {
        Path hba = dataDir.resolve("pg_hba.conf");
        try {
            if (!Files.exists(hba) || !Files.readString(hba, StandardCharsets.UTF_8).equals(content)) {
                Files.writeString(hba, content, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not write " + hba, e);
        }
    }

    private static String newPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
