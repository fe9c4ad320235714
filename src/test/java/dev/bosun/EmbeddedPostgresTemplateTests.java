package dev.bosun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Stream;

import dev.bosun.test.LogsAtInfo;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A first start copies the data directory that an earlier first start kept as template instead of running
 * {@code initdb}; a template that does not start is replaced, never left to break later first starts.
 */
@ExtendWith({OutputCaptureExtension.class, LogsAtInfo.class})
class EmbeddedPostgresTemplateTests {

    @TempDir
    Path root;

    @Test
    void aFirstStartKeepsATemplateThatTheNextFirstStartCopies(CapturedOutput output) throws Exception {
        Path template = root.resolve("cds").resolve("pgdata-template");

        long first = systemIdentifier(root.resolve("home1"), template);
        assertThat(EmbeddedPostgresHome.isTemplate(template)).isTrue();
        assertThat(template.resolve("postmaster.pid")).doesNotExist();
        assertThat(template.resolve("epg-lock")).doesNotExist();
        try (Stream<Path> siblings = Files.list(template.getParent())) {
            assertThat(siblings).as("no half copy left beside it").containsExactly(template);
        }
        assertThat(output.getAll()).contains("Kept a copy of the new data directory in " + template);

        long second = systemIdentifier(root.resolve("home2"), template);
        assertThat(output.getAll()).contains("Initialized " + root.resolve("home2").resolve("pgdata")
                + " from the template " + template);
        assertThat(second).as("the same cluster, copied, not a second initdb").isEqualTo(first);
        assertThat(Files.getPosixFilePermissions(root.resolve("home2").resolve("pgdata")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));

        long restart = systemIdentifier(root.resolve("home2"), template);
        assertThat(restart).isEqualTo(second);
    }

    @Test
    void aTemplateThatDoesNotStartIsReplacedAndTheStartGoesOn(CapturedOutput output) throws Exception {
        Path template = root.resolve("pgdata-template");
        long good = systemIdentifier(root.resolve("home1"), template);
        // A template whose control file is garbage: PostgreSQL refuses to start on it.
        Files.write(template.resolve("global").resolve("pg_control"), new byte[8192]);

        long replaced = systemIdentifier(root.resolve("home2"), template);

        assertThat(output.getAll()).contains("did not start on the data directory copied from " + template);
        assertThat(replaced).as("a new initdb").isNotEqualTo(good);
        assertThat(EmbeddedPostgresHome.isTemplate(template)).isTrue();
        assertThat(systemIdentifier(root.resolve("home3"), template)).as("the new template is used")
                .isEqualTo(replaced);
    }

    /** Starts the embedded PostgreSQL of {@code home}, reads its cluster's identifier, stops it. */
    private static long systemIdentifier(Path home, Path template) throws Exception {
        EmbeddedPostgresHome postgresHome = new EmbeddedPostgresHome(home, template);
        try (EmbeddedPostgres postgres = postgresHome.start(0);
             Connection connection = postgres.getDatabase(EmbeddedPostgresHome.USER, "postgres",
                     Map.of("password", postgresHome.password())).getConnection();
             var query = connection.createStatement()) {
            var result = query.executeQuery("SELECT system_identifier FROM pg_control_system()");
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError("no connection to the embedded PostgreSQL of " + home, e);
        }
    }
}
