package dev.bosun.site.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.bosun.server.RecordingTaskRun;
import dev.bosun.server.internal.LocalShell;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rsync a migrate copies a site folder with: once while the site serves, then the delta in maintenance. */
@RequiresProgram("rsync")
class SiteFolderSyncTests {

    private final SiteFolderSync sync = new SiteFolderSync();
    private final LocalShell shell = new LocalShell("master");

    @TempDir
    Path sites;

    @Test
    void aSecondSyncCarriesOverWhatChangedAddedAndWasDeletedSinceTheFirst() throws Exception {
        Path source = site("source", "a.txt", "b.txt");
        Files.writeString(source.resolve("settings.php"), "<?php // old\n");
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path target = sites.resolve("target");
        RecordingTaskRun run = RecordingTaskRun.any();

        sync.mirror(shell, source.toString(), target.toString(), run.log());
        assertThat(tree(target)).isEqualTo(tree(source));

        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(source.resolve("files/a.txt"), "changed after the first copy\n");
        Files.delete(source.resolve("files/b.txt"));
        Files.writeString(source.resolve("files/c.txt"), "new after the first copy\n");
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("r-xr-xr-x"));

        sync.mirror(shell, source.toString(), target.toString(), run.log());

        assertThat(tree(target)).isEqualTo(tree(source)).contains("files/c.txt=new after the first copy\n")
                .noneMatch(entry -> entry.startsWith("files/b.txt"));
        assertThat(target.resolve("files/a.txt")).hasContent("changed after the first copy");
        assertThat(run.text()).contains("rsync -a --delete");
    }

    @Test
    void aSourceThatIsNotThereFailsTheSync() {
        Path target = sites.resolve("target");

        assertThatThrownBy(() -> sync.mirror(shell, sites.resolve("missing").toString(), target.toString(),
                RecordingTaskRun.any().log())).hasMessageContaining("Copying");
        assertThat(sync.available(shell)).isTrue();
    }

    private Path site(String name, String... files) throws Exception {
        Path folder = Files.createDirectories(sites.resolve(name).resolve("files")).getParent();
        for (String file : files) {
            Files.writeString(folder.resolve("files").resolve(file), file + " as first written\n");
        }
        return folder;
    }

    /** path=content of every file under {@code root}, and the root's mode. */
    private static java.util.List<String> tree(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            java.util.List<String> entries = new java.util.ArrayList<>(walk.filter(Files::isRegularFile)
                    .sorted(Comparator.naturalOrder())
                    .map(file -> root.relativize(file) + "=" + read(file)).toList());
            entries.add("mode=" + PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
            return entries;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
