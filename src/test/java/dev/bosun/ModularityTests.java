package dev.bosun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private static final Path DOCS = Path.of("docs/modules");

    private final ApplicationModules modules = ApplicationModules.of(BosunApplication.class);

    @Test
    void modulesOnlyUseEachOthersPublicApiAndTheirDeclaredDependencies() {
        modules.verify();
    }

    @Test
    void aDependencyAModuleDoesNotDeclareIsRefused() {
        ApplicationModules fixture = ApplicationModules.of("fixture.modules", location -> true);

        assertThatThrownBy(fixture::verify)
                .isInstanceOf(Violations.class)
                .hasMessageContaining("fixture.modules.outer")
                .hasMessageContaining("fixture.modules.inner")
                .hasMessageNotContaining("fixture.modules.declared");
    }

    @Test
    void writesModuleDocumentationTheSameEveryTime(@TempDir Path second) {
        write(modules, DOCS);
        write(ApplicationModules.of(BosunApplication.class), second);

        assertThat(contents(DOCS)).isNotEmpty().isEqualTo(contents(second));
    }

    /** Writes the diagrams and canvases, then sorts what the documenter writes in no fixed order. */
    private static void write(ApplicationModules modules, Path folder) {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(folder.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(StableDocs::rewrite);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> contents(Path folder) {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                contents.put(file.getFileName().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contents;
    }

    /**
     * The documenter lists components, relationships and canvas entries in hash order, which changes
     * from run to run; each run of such lines is sorted so the committed files change only with the code.
     */
    static final class StableDocs {

        private static final Pattern SORTABLE_PUML = Pattern.compile("\\s*(Component|Rel|Container|System)\\(.*");
        private static final Pattern ADOC_ITEM = Pattern.compile("\\|?\\* .*");

        private StableDocs() {
        }

        static void rewrite(Path file) {
            String name = file.getFileName().toString();
            if (!name.endsWith(".puml") && !name.endsWith(".adoc")) {
                return;
            }
            try {
                List<String> lines = Files.readAllLines(file);
                List<String> sorted = name.endsWith(".puml") ? sortRuns(lines, SORTABLE_PUML) : sortRuns(lines, ADOC_ITEM);
                Files.write(file, sorted);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Sorts each run of consecutive lines that match {@code item} and start the same way. */
        static List<String> sortRuns(List<String> lines, Pattern item) {
            List<String> out = new ArrayList<>();
            List<String> run = new ArrayList<>();
            String runKind = null;
            for (String line : lines) {
                String kind = item.matcher(line).matches() ? kind(line) : null;
                if (kind == null || !kind.equals(runKind) || line.startsWith("|")) {
                    flush(run, out);
                    runKind = kind;
                }
                if (kind == null) {
                    out.add(line);
                } else {
                    run.add(line);
                }
            }
            flush(run, out);
            return out;
        }

        /** What a line starts with, up to its first "(" or its bullet; "|* " and "* " continue one list. */
        private static String kind(String line) {
            String stripped = line.startsWith("|") ? line.substring(1) : line;
            int paren = stripped.indexOf('(');
            return stripped.startsWith("* ") ? "* " : stripped.substring(0, paren + 1);
        }

        /** An adoc table cell's list starts with "|": the mark stays on the first line after sorting. */
        private static void flush(List<String> run, List<String> out) {
            if (run.isEmpty()) {
                return;
            }
            boolean cell = run.get(0).startsWith("|");
            List<String> items = new ArrayList<>(run.stream().map(l -> l.startsWith("|") ? l.substring(1) : l).toList());
            items.sort(null);
            if (cell) {
                items.set(0, "|" + items.get(0));
            }
            out.addAll(items);
            run.clear();
        }
    }
}
