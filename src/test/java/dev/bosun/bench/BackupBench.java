package dev.bosun.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.bosun.backup.ArchiveSettings;
import dev.bosun.backup.BackupArchive;
import dev.bosun.backup.BackupArchiver;
import dev.bosun.backup.BackupUnpacker;
import dev.bosun.backup.BackupVerifier;
import dev.bosun.backup.SiteFolder;
import dev.bosun.backup.Verification;

/**
 * The Java side of bench/backup.sh: Bosun's archive engine on a real folder and a real MariaDB
 * dump (credentials in a defaults file, never in argv), timed, printing key=value lines.
 *   backup  --site DIR --out DIR --domain D --defaults-file F --database DB [--level 6] [--threads 0]
 *   restore --archive FILE --target DIR --defaults-file F --database DB
 */
public final class BackupBench {

    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        switch (args[0]) {
            case "backup" -> backup(options);
            case "restore" -> restore(options);
            default -> throw new IllegalArgumentException("backup or restore, not " + args[0]);
        }
    }

    private static void backup(Map<String, String> options) {
        ArchiveSettings settings = new ArchiveSettings(Integer.parseInt(options.getOrDefault("level", "6")),
                Integer.parseInt(options.getOrDefault("threads", "0")));
        BackupArchiver archiver = BackupArchiver.standalone(Path.of(options.get("out")), Clock.systemUTC(), settings);
        long start = System.nanoTime();
        BackupArchive archive = archiver.create(options.get("domain"), SiteFolder.local(Path.of(options.get("site"))),
                out -> dump(options.get("defaults-file"), options.get("database"), out));
        print("seconds", seconds(start));
        System.out.println("archive=" + archive.path());
        System.out.println("archive_bytes=" + archive.size());
        System.out.println("database_bytes=" + archive.databaseBytes());
    }

    private static void restore(Map<String, String> options) {
        Path archive = Path.of(options.get("archive"));
        long start = System.nanoTime();
        Verification verification = new BackupVerifier().verify(archive, null);
        if (!verification.valid()) {
            throw new IllegalStateException(verification.reason());
        }
        print("verify_seconds", seconds(start));
        start = System.nanoTime();
        new BackupUnpacker().unpack(archive, Path.of(options.get("target")),
                sql -> load(options.get("defaults-file"), options.get("database"), sql));
        print("seconds", seconds(start));
    }

    private static void dump(String defaultsFile, String database, OutputStream out) throws Exception {
        Process dump = new ProcessBuilder("mariadb-dump", "--defaults-extra-file=" + defaultsFile,
                "--single-transaction", database).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (InputStream sql = dump.getInputStream()) {
            sql.transferTo(out);
        }
        int exit = dump.waitFor();
        if (exit != 0) {
            throw new IOException("mariadb-dump exited with " + exit);
        }
    }

    private static void load(String defaultsFile, String database, InputStream sql) throws Exception {
        Process load = new ProcessBuilder("mariadb", "--defaults-extra-file=" + defaultsFile, database)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = load.getOutputStream()) {
            sql.transferTo(in);
        }
        int exit = load.waitFor();
        if (exit != 0) {
            throw new IOException("mariadb exited with " + exit);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void print(String key, double seconds) {
        System.out.println(key + "=" + String.format(Locale.ROOT, "%.2f", seconds));
    }
}
