package dev.bosun.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.bosun.server.Command;
import dev.bosun.server.Names;
import dev.bosun.server.ShellException;

/** The master's shell: commands run as processes of the panel (no shell in between), files are copied. */
public class LocalShell extends ProcessShell {

    private final String serverName;

    public LocalShell(String serverName) {
        this.serverName = serverName;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    protected Running start(Command command) {
        ProcessBuilder builder = new ProcessBuilder(command.args()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(command.env());
        try {
            return new LocalProcess(builder.start());
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("error=2,")) {
                return null;
            }
            throw new ShellException("Could not start `" + command + "` on " + serverName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void push(Path local, String remotePath) {
        copy(local, Path.of(Names.path("path", remotePath)));
    }

    @Override
    public void pull(String remotePath, Path local) {
        copy(Path.of(Names.path("path", remotePath)), local);
    }

    private void copy(Path from, Path to) {
        if (!Files.exists(from)) {
            throw new ShellException("Cannot copy " + from + " on " + serverName + ": it does not exist.");
        }
        try {
            if (Files.isDirectory(from)) {
                copyTree(from, to);
            } else {
                Files.createDirectories(to.toAbsolutePath().getParent());
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new ShellException("Cannot copy " + from + " to " + to + " on " + serverName + ": " + e, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private record LocalProcess(Process process) implements Running {

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return process.getErrorStream();
        }

        @Override
        public OutputStream stdin() {
            return process.getOutputStream();
        }

        @Override
        public boolean waitFor(Duration timeout) throws InterruptedException {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int exitCode() {
            return process.exitValue();
        }

        @Override
        public void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Pumps.closeQuietly(process.getInputStream());
            Pumps.closeQuietly(process.getErrorStream());
            Pumps.closeQuietly(process.getOutputStream());
        }
    }


}
