package dev.bosun.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The example platforms under {@code examples/platforms}. Tests that install sites work on a copy
 * (with the shared drush library beside it), so the checkout stays clean. The copies are removed when the JVM
 * ends (read-only site folders included), by a process of their own: a run's copies with their sites' files
 * are many thousand files, and removing them one by one kept the test JVM from exiting for longer than Surefire
 * waits for it.
 */
public final class ExamplePlatforms {

    public static final Path EXAMPLES = Path.of("examples").toAbsolutePath();
    public static final List<String> NAMES = List.of("example-base", "example-newer", "example-older-schema", "example-lean");

    private static final Set<Path> COPIES = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private ExamplePlatforms() {
    }

    public static Path source(String name) {
        return EXAMPLES.resolve("platforms").resolve(name);
    }

    /** Copies examples/ into a new temporary directory; returns the copy's platforms directory. */
    public static Path copy() {
        try {
            Path directory = Files.createTempDirectory("bosun-examples");
            COPIES.add(directory);
            if (HOOKED.compareAndSet(false, true)) {
                Runtime.getRuntime().addShutdownHook(new Thread(ExamplePlatforms::removeCopiesAfterExit,
                        "remove-example-copies"));
            }
            // Readable by the web server's workers and PHP-FPM pools, which need not run as this user.
            if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Path target = directory.resolve("examples");
            copyTree(EXAMPLES, target);
            return target.resolve("platforms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every copy made so far; what cannot be removed is left (the next run's temporary directory differs). */
    public static void removeCopies() {
        for (Path directory : List.copyOf(COPIES)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                List<Path> all = paths.toList();
                all.stream().filter(Files::isDirectory).forEach(folder -> folder.toFile().setWritable(true, true));
                for (int i = all.size() - 1; i >= 0; i--) {
                    Files.deleteIfExists(all.get(i));
                }
                COPIES.remove(directory);
            } catch (IOException | UncheckedIOException ignored) {
                // a file a test's web server still holds; the copy stays behind in the temporary directory
            }
        }
    }

    /**
     * Hands the copies to {@code rm -rf} in a process that outlives the JVM, so the JVM's exit does not wait for
     * it; removes them here when no such process can be started.
     */
    static void removeCopiesAfterExit() {
        List<Path> copies = List.copyOf(COPIES);
        if (copies.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("sh", "-c", "chmod -R u+w \"$@\" 2>/dev/null; rm -rf \"$@\"",
                "remove-example-copies"));
        for (Path copy : copies) {
            // only the temporary directories copy() made
            if (copy.isAbsolute() && copy.getFileName().toString().startsWith("bosun-examples")) {
                command.add(copy.toString());
            }
        }
        try {
            new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            COPIES.removeAll(copies);
        } catch (IOException e) {
            removeCopies();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (insideASite(from.relativize(path))) {
                    continue;
                }
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * Whether {@code relative} lies in a site's own folder ({@code sites/<domain>/}): sites the demo installed
     * into the source tree's example platforms are not part of the examples a test starts from.
     */
    static boolean insideASite(Path relative) {
        for (int i = 0; i + 1 < relative.getNameCount(); i++) {
            if (relative.getName(i).toString().equals("sites")) {
                String folder = relative.getName(i + 1).toString();
                boolean file = i + 2 == relative.getNameCount() && folder.contains(".php");
                return !file && !folder.equals("default") && !folder.equals("all");
            }
        }
        return false;
    }
}
