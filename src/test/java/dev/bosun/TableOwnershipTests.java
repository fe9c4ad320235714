package dev.bosun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each module reads and writes only its own tables: no module's SQL names a table that another
 * module's migration created. What a module needs from another's tables it asks through that
 * module's API (which the Modulith check sees).
 */
class TableOwnershipTests {

    static final Path SOURCES = Path.of("src/main/java/dev/bosun");
    static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    final Set<String> modules = TableOwnership.modules(SOURCES);
    final Map<String, String> owners = TableOwnership.owners(MIGRATIONS, modules);
    final List<TableOwnership.Reference> references = TableOwnership.crossModuleReferences(SOURCES, owners);

    @Test
    void noModuleNamesAnotherModulesTable() {
        assertThat(references).as("SQL naming another module's table").isEmpty();
    }

    @Test
    void theOwnersComeFromTheMigrations() {
        assertThat(owners).containsEntry("sites", "site").containsEntry("site_aliases", "site")
                .containsEntry("platforms", "platform").containsEntry("packages", "platform")
                .containsEntry("servers", "server").containsEntry("services", "server")
                .containsEntry("tasks", "task").containsEntry("task_log", "task")
                .containsEntry("qrtz_locks", "task").containsEntry("qrtz_job_details", "task")
                .containsEntry("clients", "account").containsEntry("client_users", "account")
                .containsEntry("backups", "backup").containsEntry("backup_settings", "backup")
                .containsEntry("settings", "settings").containsEntry("fleet_migrations", "site")
                .containsEntry("site_packages", "platform");
    }

    @Test
    void aPlantedCrossModuleReferenceIsReported(@TempDir Path root) throws IOException {
        write(root.resolve("web/Counts.java"), """
                class Counts {
                    // FROM tasks in a comment is no SQL
                    String sql = \"""
                            SELECT count(*) FROM sites s, platforms p
                            WHERE s.platform_id = p.id\""";
                    String own = "SELECT * FROM layout_things";
                }
                """);
        write(root.resolve("account/Clients.java"), """
                @Table(name = "servers")
                class Clients {
                    String sql = "UPDATE clients SET name = ?" + " JOIN backups b ON true";
                    String quote = "it's";
                    char c = '"';
                    String insert = "INSERT INTO client_users VALUES (1, 2)";
                }
                """);
        write(root.resolve("site/Own.java"), "class Own { String sql = \"DELETE FROM sites WHERE id = 1\"; }");

        List<TableOwnership.Reference> references = TableOwnership.crossModuleReferences(root, owners);

        assertThat(references).extracting(TableOwnership.Reference::module, TableOwnership.Reference::table,
                        TableOwnership.Reference::owner)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("web", "platforms", "platform"),
                        org.assertj.core.groups.Tuple.tuple("web", "sites", "site"),
                        org.assertj.core.groups.Tuple.tuple("account", "backups", "backup"),
                        org.assertj.core.groups.Tuple.tuple("account", "servers", "server"));
    }

    @Test
    void aTableNoModuleOwnsIsRefused(@TempDir Path migrations) throws IOException {
        write(migrations.resolve("V99__misc_things.sql"), "CREATE TABLE things (id BIGINT);\n");

        assertThatThrownBy(() -> TableOwnership.owners(migrations, modules))
                .hasMessageContaining("No module owns table things of V99__misc_things.sql");
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
