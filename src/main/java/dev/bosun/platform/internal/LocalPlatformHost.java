package dev.bosun.platform.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.bosun.platform.Platform;
import org.springframework.stereotype.Component;

/**
 * Runs platform commands as local processes (the master's shell), with the argument list handed to
 * the OS as is. The server module's shells replace this for remote servers.
 */
@Component
class LocalPlatformHost implements PlatformHost {

    @Override
    public int exec(Platform platform, List<String> command, OutputStream stdout, Consumer<String> stderr,
                    Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new PlatformCheckException("Could not start " + command.get(0) + ": " + e.getMessage(), e);
        }
        Thread errors = new Thread(() -> readLines(process.getErrorStream(), stderr), "platform-command-stderr");
        errors.setDaemon(true);
        errors.start();
        try (InputStream out = process.getInputStream()) {
            out.transferTo(stdout);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new PlatformCheckException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s.");
            }
            errors.join(5000);
            return process.exitValue();
        } catch (IOException e) {
            process.destroyForcibly();
            throw new PlatformCheckException("Reading the output of " + command.get(0) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PlatformCheckException("Interrupted while running " + command.get(0), e);
        }
    }

    private static void readLines(InputStream stream, Consumer<String> sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            reader.lines().forEach(sink);
        } catch (IOException | UncheckedIOException e) {
            sink.accept("(stderr unreadable: " + e.getMessage() + ")");
        }
    }
}
