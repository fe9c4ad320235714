package dev.bosun.test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Evaluates {@link RequiresProgram}: see there. */
public class RequiresProgramCondition implements ExecutionCondition {

    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<String> missing = new ArrayList<>();
        for (RequiresProgram requirement : requirements(context)) {
            for (String entry : requirement.value()) {
                if (Arrays.stream(entry.split("\\|")).map(String::trim).noneMatch(p -> find(p).isPresent())) {
                    missing.add(entry);
                }
            }
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("required programs found");
        }
        String reason = "needs " + String.join(", ", missing) + " on the PATH (installed by .ci/run)";
        if (TestRequirements.requireAll()) {
            throw new AssertionError(reason + " (" + TestRequirements.REQUIRE_ALL + "=true, so this is a failure)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    private static List<RequiresProgram> requirements(ExtensionContext context) {
        List<RequiresProgram> found = new ArrayList<>();
        context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, RequiresProgram.class))
                .ifPresent(found::add);
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, RequiresProgram.class))
                .ifPresent(found::add);
        return found;
    }

    /** Looks a program up on the PATH and in the sbin directories a non-login root shell may lack. */
    public static Optional<Path> find(String program) {
        List<String> dirs = new ArrayList<>(Arrays.asList(
                Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)));
        dirs.addAll(EXTRA_DIRS);
        return dirs.stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
                .findFirst();
    }
}
