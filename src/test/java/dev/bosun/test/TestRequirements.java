package dev.bosun.test;

import org.junit.jupiter.api.Assumptions;

/**
 * One rule for tests that need something this machine may lack: skipped with the reason, or,
 * when {@code BOSUN_REQUIRE_ALL_TESTS=true} (as in CI), failed, so that nothing is skipped silently.
 */
public final class TestRequirements {

    public static final String REQUIRE_ALL = "BOSUN_REQUIRE_ALL_TESTS";

    private TestRequirements() {
    }

    public static boolean requireAll() {
        return Boolean.parseBoolean(System.getenv(REQUIRE_ALL));
    }

    /** Skips the running test (or fails it under {@code BOSUN_REQUIRE_ALL_TESTS}) unless {@code met}. */
    public static void require(boolean met, String reason) {
        if (met) {
            return;
        }
        if (requireAll()) {
            throw new AssertionError(reason + " (" + REQUIRE_ALL + "=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(reason);
    }
}
