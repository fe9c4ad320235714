package dev.bosun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which module owns which table, read from the Flyway migrations, and which module's Java
 * sources name a table in SQL. A table belongs to the module that creates it: the module named
 * by its migration ({@code V{n}__{module}_…}), or, in a migration that names no module, the
 * module of the {@code -- {module} ---} section it is created in.
 */
final class TableOwnership {

    /** Migrations named before the {@code V{n}__{module}_…} convention, with no section comments. */
    private static final Map<String, String> UNNAMED_MIGRATIONS = Map.of("V50__fleet_migrations.sql", "site");

    /**
     * Tables whose owner is not the module whose migration (or section) created them; a landed migration cannot be
     * renamed. {@code site_packages} was created in V1's site section, but only the platform module's package
     * registry writes and reads it ({@code PackageRegistry.recordSitePackages/sitePackages}): it is a record of
     * the registry, keyed by a site id.
     */
    private static final Map<String, String> MOVED_TABLES = Map.of("site_packages", "platform");

    private static final Pattern MIGRATION = Pattern.compile("V\\d+__([a-z]+)_.*\\.sql");
    private static final Pattern SECTION = Pattern.compile("^--\\s*([a-z]+)\\s*-{3,}\\s*$");
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([A-Za-z_][A-Za-z0-9_]*)", Pattern.CASE_INSENSITIVE);
    private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";
    /** A table after FROM (with its comma-joined neighbours), JOIN, INTO, UPDATE or TABLE. */
    private static final Pattern SQL_TABLE = Pattern.compile("\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+(" + NAME
            + "(?:\\s+(?:AS\\s+)?" + NAME + ")?(?:\\s*,\\s*" + NAME + "(?:\\s+(?:AS\\s+)?" + NAME + ")?)*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TABLE_ANNOTATION = Pattern.compile(
            "@Table\\s*\\(\\s*(?:name\\s*=\\s*|value\\s*=\\s*)?\"(" + NAME + ")\"");

    /** One module's source naming another module's table. */
    record Reference(String module, Path file, String table, String owner) {

        @Override
        public String toString() {
            return module + " names " + owner + "'s table " + table + " in " + file;
        }
    }

    private TableOwnership() {
    }

    /** Table name (lower case) → owning module, from the migrations in this folder. */
    static Map<String, String> owners(Path migrations, Set<String> modules) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (Path file : list(migrations)) {
            String name = file.getFileName().toString();
            Matcher named = MIGRATION.matcher(name);
            String fileModule = UNNAMED_MIGRATIONS.get(name);
            if (fileModule == null && named.matches() && modules.contains(named.group(1))) {
                fileModule = named.group(1);
            }
            String section = null;
            for (String line : read(file).split("\n")) {
                Matcher heading = SECTION.matcher(line.strip());
                if (heading.matches() && modules.contains(heading.group(1))) {
                    section = heading.group(1);
                }
                Matcher create = CREATE_TABLE.matcher(line);
                if (create.find()) {
                    String owner = fileModule != null ? fileModule : section;
                    if (owner == null) {
                        throw new IllegalStateException("No module owns table " + create.group(1) + " of " + name
                                + ": name the migration V{n}__{module}_… or put the table under a '-- {module} ---' line");
                    }
                    owners.put(create.group(1).toLowerCase(Locale.ROOT), owner);
                }
            }
        }
        owners.putAll(MOVED_TABLES);
        return owners;
    }

    /** The modules: the packages right below the application's package. */
    static Set<String> modules(Path applicationPackage) {
        Set<String> modules = new TreeSet<>();
        for (Path child : list(applicationPackage)) {
            if (Files.isDirectory(child)) {
                modules.add(child.getFileName().toString());
            }
        }
        return modules;
    }

    /** Every place a module's Java sources name a table another module owns. */
    static List<Reference> crossModuleReferences(Path applicationPackage, Map<String, String> owners) {
        List<Reference> references = new ArrayList<>();
        for (String module : modules(applicationPackage)) {
            for (Path file : javaFiles(applicationPackage.resolve(module))) {
                for (String table : tablesNamedIn(read(file))) {
                    String owner = owners.get(table);
                    if (owner != null && !owner.equals(module)) {
                        references.add(new Reference(module, applicationPackage.relativize(file), table, owner));
                    }
                }
            }
        }
        return references;
    }

    /** The tables a Java source names in its string literals and text blocks, and in {@code @Table}. */
    static Set<String> tablesNamedIn(String source) {
        Set<String> tables = new TreeSet<>();
        for (String literal : stringLiterals(source)) {
            Matcher sql = SQL_TABLE.matcher(literal);
            while (sql.find()) {
                for (String item : sql.group(2).split(",")) {
                    tables.add(item.strip().split("\\s+")[0].toLowerCase(Locale.ROOT));
                }
            }
        }
        Matcher annotation = TABLE_ANNOTATION.matcher(source);
        while (annotation.find()) {
            tables.add(annotation.group(1).toLowerCase(Locale.ROOT));
        }
        return tables;
    }

    /** The contents of the string literals and text blocks, comments and char literals skipped. */
    static List<String> stringLiterals(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                i = until(source, "\n", i + 2);
            } else if (source.startsWith("/*", i)) {
                i = until(source, "*/", i + 2);
            } else if (source.startsWith("\"\"\"", i)) {
                int end = closing(source, "\"\"\"", i + 3);
                literals.add(source.substring(i + 3, Math.max(i + 3, end - 3)));
                i = end;
            } else if (source.charAt(i) == '"') {
                int end = closing(source, "\"", i + 1);
                literals.add(source.substring(i + 1, Math.max(i + 1, end - 1)));
                i = end;
            } else if (source.charAt(i) == '\'') {
                i = closing(source, "'", i + 1);
            } else {
                i++;
            }
        }
        return literals;
    }

    /** The index after the unescaped closing delimiter (or the end of the source). */
    private static int closing(String source, String delimiter, int from) {
        int i = from;
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith(delimiter, i)) {
                return i + delimiter.length();
            } else {
                i++;
            }
        }
        return source.length();
    }

    private static int until(String source, String end, int from) {
        int at = source.indexOf(end, from);
        return at < 0 ? source.length() : at + end.length();
    }

    private static List<Path> javaFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
