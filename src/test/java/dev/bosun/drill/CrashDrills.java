package dev.bosun.drill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The crash drills: for each site task the drills cover, the panel halts (as after {@code kill -9}) right after
 * the work of each of its steps, before the step's end is recorded: the worst moment, when the change is made
 * and the task's records do not say so yet; and right after the task recorded its point of no return, so that
 * it is carried forward.
 */
public final class CrashDrills {

    /** Halting "after" this pseudo-step: right after the task recorded its point of no return. */
    static final String POINT = "point of no return";

    static final List<String> INSTALL = List.of("database", "site directory", "settings.php", "drush site:install",
            "drush alias", "vhost", "serving", POINT, "login link", "welcome mail", "packages");
    static final List<String> BACKUP = List.of("backup");
    static final List<String> RESTORE = List.of("checksum", "maintenance on", "pre-restore backup", "unpack",
            "database", "import", "swap", "verify", "maintenance off", "serving", POINT);
    static final List<String> MIGRATE = List.of("backup", "pre-copy", "maintenance on", "metadata", "database",
            "file delta", "updatedb", "file paths", "cache rebuild", "verify", "maintenance off", "certificate",
            "serving", POINT);
    static final List<String> CLONE = List.of("site record", "backup", "deploy", "updatedb", "file paths",
            "cache rebuild", "verify", "serving", "certificate", "status", POINT);

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

    /** The drills to run: every step of every task, or those {@code -Dbosun.drills.only=<type>[:<step>],...} names. */
    public static List<Drill> chosen() {
        String only = System.getProperty("bosun.drills.only", "");
        return all().stream().filter(drill -> only.isBlank() || List.of(only.split(",")).stream()
                .anyMatch(part -> drill.type().equals(part) || (drill.type() + ":" + drill.step()).equals(part)))
                .toList();
    }

    /**
     * The drills in rounds of one death each: round {@code n} holds the {@code n}th {@code lanes} drills of every
     * task type, so the tasks of a round run side by side on distinct sites, each halted at its own step, and one
     * restart recovers them all.
     */
    public static List<List<Drill>> rounds(List<Drill> drills, int lanes) {
        Map<String, List<Drill>> byType = new LinkedHashMap<>();
        drills.forEach(drill -> byType.computeIfAbsent(drill.type(), type -> new ArrayList<>()).add(drill));
        List<List<Drill>> rounds = new ArrayList<>();
        for (List<Drill> ofType : byType.values()) {
            for (int i = 0; i < ofType.size(); i++) {
                if (rounds.size() <= i / lanes) {
                    rounds.add(new ArrayList<>());
                }
                rounds.get(i / lanes).add(ofType.get(i));
            }
        }
        return rounds.stream().map(List::copyOf).toList();
    }

    /** The halt points of a round, as {@code bosun.tasks.halt-at} takes them. */
    public static String haltAt(List<Drill> round) {
        return round.isEmpty() ? null : String.join(",", round.stream().map(Drill::haltAt).toList());
    }

    public static List<Drill> all() {
        return Stream.of(drills("install", INSTALL), drills("backup", BACKUP), drills("restore", RESTORE),
                drills("migrate", MIGRATE), drills("clone", CLONE)).flatMap(List::stream).toList();
    }

    private static List<Drill> drills(String type, List<String> steps) {
        return steps.stream().map(step -> new Drill(type, step)).toList();
    }
}
