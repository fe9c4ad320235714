package dev.bosun.platform.internal;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.bosun.platform.Platform;

/**
 * Runs a command (an argument list, never a shell string) on the server a platform is on; the one seam
 * between the platform tasks and the servers, so tests and other transports can stand in.
 */
public interface PlatformHost {

    /**
     * Runs the command: its stdout is copied to {@code stdout}, its stderr lines go to {@code stderr}.
     *
     * @return the exit code
     * @throws PlatformCheckException when the server cannot be reached, the command cannot be started or it runs
     *                                longer than {@code timeout}
     */
    int exec(Platform platform, List<String> command, OutputStream stdout, Consumer<String> stderr, Duration timeout);
}
