package dev.bosun.drill;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The crash drills: for each site task the drills cover, the panel halts (as after {@code kill -9}) right after
 * the work of each of its steps, before the step's end is recorded: the worst moment, when the change is made
 * and the task's records do not say so yet.
 */
public final class CrashDrills {

    static final List<String> INSTALL = List.of("database", "site directory", "settings.php", "drush site:install",
            "drush alias", "vhost", "serving", "login link", "welcome mail", "packages");
    static final List<String> BACKUP = List.of("backup");
    static final List<String> RESTORE = List.of("checksum", "maintenance on", "pre-restore backup", "unpack",
            "database", "import", "swap", "verify", "maintenance off", "serving");
    static final List<String> MIGRATE = List.of("backup", "pre-copy", "maintenance on", "metadata", "database",
            "file delta", "updatedb", "file paths", "cache rebuild", "verify", "maintenance off", "serving");
    static final List<String> CLONE = List.of("site record", "backup", "deploy", "updatedb", "file paths",
            "cache rebuild", "verify", "serving", "status");

    private CrashDrills() {
    }

    /** One drill: halt a task of {@code type} after its step {@code step}. */
    public record Drill(String type, String step) {

        public String haltAt() {
            return type + ":" + step + ":after";
        }

        @Override
        public String toString() {
            return type + " halted after '" + step + "'";
        }
    }

    /**
     * The drills the test suite runs by default: for each task, a halt before its point of no return (rolled
     * back) and after it (carried forward), at the steps whose undo differs most (database, folder, record,
     * maintenance, swap, a migrate's copy of the files made while the site serves). Every step of every task: {@code -Dbosun.drills.every-step=true} (about half a
     * minute per drill on the reference machine).
     */
    static final Set<String> DEFAULT = Set.of(
            "install:database", "install:vhost", "install:packages",
            "backup:backup",
            "restore:maintenance on", "restore:import", "restore:swap", "restore:serving",
            "migrate:pre-copy", "migrate:metadata", "migrate:file delta", "migrate:updatedb", "migrate:maintenance off", "migrate:serving",
            "clone:deploy", "clone:status");

    /** The drills to run: all with {@code bosun.drills.every-step}, else {@link #DEFAULT}. */
    public static List<Drill> chosen() {
        return Boolean.getBoolean("bosun.drills.every-step") ? all()
                : all().stream().filter(drill -> DEFAULT.contains(drill.type() + ":" + drill.step())).toList();
    }

    public static List<Drill> all() {
        return Stream.of(drills("install", INSTALL), drills("backup", BACKUP), drills("restore", RESTORE),
                drills("migrate", MIGRATE), drills("clone", CLONE)).flatMap(List::stream).toList();
    }

    private static List<Drill> drills(String type, List<String> steps) {
        return steps.stream().map(step -> new Drill(type, step)).toList();
    }
}
