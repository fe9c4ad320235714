package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A small but varied Drupal site folder, and a comparison of two folders that reports every difference. */
final class SiteFolders {

    private SiteFolders() {
    }

    static Path sample(Path parent) throws IOException {
        Path site = Files.createDirectories(parent.resolve("example.com"));
        write(site.resolve("settings.php"), "<?php\n$databases = [];\n", "r--r-----");
        write(site.resolve("drushrc.php"), "<?php\n", "rw-r--r--");
        Path files = Files.createDirectories(site.resolve("files"));
        byte[] random = new byte[3 * 1024 * 1024 + 123];
        new Random(42).nextBytes(random);
        Files.write(files.resolve("photo.jpg"), random);
        write(files.resolve("notes.txt"), "Hello\n".repeat(50_000), "rw-rw-r--");
        write(files.resolve("empty.txt"), "", "rw-------");
        write(files.resolve("run.sh"), "#!/bin/sh\necho hi\n", "rwxr-xr-x");
        Path deep = Files.createDirectories(files.resolve("styles/thumbnail/public/" + "long-folder-name-".repeat(8)));
        write(deep.resolve("ünïcödé file name with spaces and a very long tail " + "x".repeat(60) + ".txt"), "deep", "rw-r--r--");
        Path empty = Files.createDirectories(files.resolve("empty-folder"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rwx--x---"));
        Path privateFiles = Files.createDirectories(site.resolve("private"));
        Files.setPosixFilePermissions(privateFiles, PosixFilePermissions.fromString("rwxrwx---"));
        Files.createSymbolicLink(files.resolve("settings-link.php"), Path.of("../settings.php"));
        setTimes(site, Instant.parse("2024-03-01T10:15:30Z"));
        return site;
    }

    static void write(Path file, String text, String permissions) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }

    private static void setTimes(Path root, Instant base) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            int[] n = {0};
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                if (!Files.isSymbolicLink(path)) {
                    try {
                        Files.setLastModifiedTime(path, FileTime.from(base.plusSeconds(n[0]++ * 61L)));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
    }

    /** Name → "type mode mtime content-or-target" for every path under {@code root}. */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> description = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !p.equals(root)).toList()) {
                description.put(root.relativize(path).toString(), describeOne(path));
            }
        }
        return description;
    }

    private static String describeOne(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return "link -> " + Files.readSymbolicLink(path);
        }
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        long mtime = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant().getEpochSecond();
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return "dir " + mode + " " + mtime;
        }
        return "file " + mode + " " + mtime + " sha=" + sha(Files.readAllBytes(path));
    }

    static String sha(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(ArchiveWriter.newSha256().digest(bytes));
    }

    static void assertSameTree(Path actual, Path expected) throws IOException {
        assertThat(describe(actual)).containsExactlyEntriesOf(describe(expected));
    }
}
