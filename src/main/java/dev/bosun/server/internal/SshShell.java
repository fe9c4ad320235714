package dev.bosun.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.Vector;
import java.util.stream.Stream;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import dev.bosun.server.Command;
import dev.bosun.server.LineSink;
import dev.bosun.server.Names;
import dev.bosun.server.ShellException;
import dev.bosun.server.TrackedProcesses;

/** A remote server's shell over SSH: one exec channel per command on the server's shared connection, SFTP for files. */
public class SshShell extends ProcessShell {

    private static final Duration RSYNC_TIMEOUT = Duration.ofHours(2);

    private final SshConnections connections;
    private final SshTarget target;
    private final boolean trustOnFirstUse;
    private Boolean rsync;

    public SshShell(SshConnections connections, SshTarget target, boolean trustOnFirstUse) {
        this.connections = connections;
        this.target = target;
        this.trustOnFirstUse = trustOnFirstUse;
    }

    @Override
    public String serverName() {
        return target.name();
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    /** Opens (or reuses) the connection, pinning the host key when this shell may; fails with a clear message. */
    public void connect() {
        session();
    }

    @Override
    protected Running start(Command command) {
        try {
            ChannelExec channel = (ChannelExec) session().openChannel("exec");
            channel.setCommand(command.toShellString());
            InputStream stdout = channel.getInputStream();
            InputStream stderr = channel.getExtInputStream();
            OutputStream stdin = channel.getOutputStream();
            channel.connect(connections.connectTimeoutMillis());
            return new RemoteProcess(channel, stdout, stderr, stdin);
        } catch (JSchException | IOException e) {
            throw new ShellException("Could not run `" + command + "` on " + target.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void push(Path local, String remotePath) {
        pushTracked(null, local, remotePath);
    }

    @Override
    public void pull(String remotePath, Path local) {
        pullTracked(null, remotePath, local);
    }

    /**
     * Directories go by rsync when it can ({@link #transfersWithRsync}); with a {@code tag}, the rsync (and the ssh
     * it starts) runs tracked under it on the master, so a task that takes over stops it. SFTP runs inside the
     * panel's process and ends with it; with a {@code tag} it is recorded under the tag on the server while it
     * runs, so that a stop under the tag (after the panel died) removes the hidden partial files it left.
     */
    @Override
    public void pushTracked(String tag, Path local, String remotePath) {
        String remote = Names.path("path", remotePath);
        if (!Files.exists(local)) {
            throw new ShellException("Cannot push " + local + " to " + target.name() + ": it does not exist.");
        }
        if (Files.isDirectory(local) && transfersWithRsync()) {
            run(Command.of("mkdir", "-p", remote), LineSink.NONE, Duration.ofMinutes(1)).orThrow("Creating " + remote);
            rsync(tag, local.toAbsolutePath() + "/", remoteSpec(remote) + "/");
            return;
        }
        String marker = tag == null ? null : "transfer-" + Long.toHexString(System.nanoTime());
        if (marker != null) {
            run(TrackedProcesses.noteTransfer(tag, marker, remote), LineSink.NONE, Duration.ofMinutes(1))
                    .orThrow("Recording the transfer to " + remote + " as " + tag);
        }
        try {
            withSftp("push " + local + " to " + remote, sftp -> {
                mkdirs(sftp, Files.isDirectory(local) ? remote : parent(remote));
                if (Files.isDirectory(local)) {
                    pushTree(sftp, local, remote);
                } else {
                    pushFile(sftp, local, remote);
                }
            });
        } finally {
            if (marker != null) {
                try {
                    run(TrackedProcesses.endTransfer(tag, marker), LineSink.NONE, Duration.ofMinutes(1));
                } catch (RuntimeException e) {
                    // the record stays: a later stop under the tag removes what the transfer left, if anything
                }
            }
        }
    }

    @Override
    public void pullTracked(String tag, String remotePath, Path local) {
        String remote = Names.path("path", remotePath);
        if (transfersWithRsync() && isRemoteDirectory(remote)) {
            try {
                Files.createDirectories(local);
            } catch (IOException e) {
                throw new ShellException("Cannot create " + local + ": " + e.getMessage(), e);
            }
            rsync(tag, remoteSpec(remote) + "/", local.toAbsolutePath() + "/");
            return;
        }
        withSftp("pull " + remote + " to " + local, sftp -> {
            SftpATTRS attrs = sftp.stat(remote);
            if (attrs.isDir()) {
                pullTree(sftp, remote, local);
            } else {
                Files.createDirectories(local.toAbsolutePath().getParent());
                sftp.get(remote, local.toString());
            }
        });
    }

    /**
     * Whether directories go by rsync over SSH: when rsync and ssh are on the master, rsync on the server, and the
     * host key is pinned (the ssh client gets it as its only known host). Otherwise they go file by file over SFTP.
     */
    boolean transfersWithRsync() {
        if (rsync == null) {
            LocalShell local = new LocalShell("master");
            rsync = target.pinnedHostKey() != null
                    && !connections.panelKey().privateKeyFile().toString().contains("'")
                    && available(local, "rsync") && available(local, "ssh") && available(this, "rsync");
        }
        return rsync;
    }

    private static boolean available(ProcessShell shell, String program) {
        return shell.run(Command.script("command -v \"$1\"", program), LineSink.NONE, Duration.ofSeconds(30)).ok();
    }

    private boolean isRemoteDirectory(String remote) {
        return run(Command.of("test", "-d", remote), LineSink.NONE, Duration.ofSeconds(30)).ok();
    }

    private String remoteSpec(String remote) {
        return target.user() + "@" + target.hostname() + ":" + remote;
    }

    private void rsync(String tag, String from, String to) {
        Path knownHosts = null;
        try {
            Path keyDir = connections.panelKey().privateKeyFile().getParent();
            knownHosts = Files.createTempFile(keyDir, "known_hosts-", "");
            String host = target.port() == 22 ? target.hostname() : "[" + target.hostname() + "]:" + target.port();
            Files.writeString(knownHosts, host + " " + target.pinnedHostKey() + "\n");
            String ssh = String.join(" ", "ssh", "-i", "'" + connections.panelKey().privateKeyFile() + "'",
                    "-p", String.valueOf(target.port()), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                    "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile='" + knownHosts + "'",
                    "-o", "GlobalKnownHostsFile=/dev/null",
                    "-o", "ConnectTimeout=" + Math.max(1, connections.connectTimeoutMillis() / 1000));
            Command rsync = Command.of("rsync", "-a", "-e", ssh, from, to);
            LocalShell master = new LocalShell("master");
            (tag == null ? master.run(rsync, LineSink.NONE, RSYNC_TIMEOUT)
                    : master.runTracked(tag, rsync, LineSink.NONE, RSYNC_TIMEOUT))
                    .orThrow("rsync from " + from + " to " + to + " (" + target.name() + ")");
        } catch (IOException e) {
            throw new ShellException("Cannot prepare rsync to " + target.name() + ": " + e.getMessage(), e);
        } finally {
            if (knownHosts != null) {
                try {
                    Files.deleteIfExists(knownHosts);
                } catch (IOException ignored) {
                    // a public host key in the panel's own ssh directory
                }
            }
        }
    }

    private Session session() {
        return connections.session(target, trustOnFirstUse);
    }

    private void pushTree(ChannelSftp sftp, Path local, String remote) throws IOException, SftpException {
        try (Stream<Path> children = Files.list(local)) {
            for (Path child : children.sorted().toList()) {
                String to = remote + "/" + child.getFileName();
                if (Files.isDirectory(child)) {
                    mkdirs(sftp, to);
                    pushTree(sftp, child, to);
                } else if (Files.isRegularFile(child)) {
                    pushFile(sftp, child, to);
                }
            }
        }
    }

    /**
     * Writes the file beside its target under a hidden name (web servers include {@code vhost.d/*}, which skips
     * dot files) and renames it into place: a transfer cut off half-way never leaves a half-written file active.
     * A push that fails removes its hidden file again while the connection lets it; one cut off with the panel is
     * removed by the stop of the task's tracked processes.
     */
    private static void pushFile(ChannelSftp sftp, Path local, String remote) throws IOException, SftpException {
        int slash = remote.lastIndexOf('/');
        String partial = remote.substring(0, slash + 1) + "." + remote.substring(slash + 1) + ".bosun-partial";
        boolean placed = false;
        try {
            sftp.put(local.toString(), partial, ChannelSftp.OVERWRITE);
            sftp.chmod(mode(Files.getPosixFilePermissions(local)), partial);
            try {
                sftp.rename(partial, remote);
            } catch (SftpException exists) {
                sftp.rm(remote);
                sftp.rename(partial, remote);
            }
            placed = true;
        } finally {
            if (!placed) {
                removeQuietly(sftp, partial);
            }
        }
    }

    private static void removeQuietly(ChannelSftp sftp, String file) {
        try {
            sftp.rm(file);
        } catch (SftpException | RuntimeException gone) {
            // not written yet, or the connection is gone: the push's own failure is what the caller reports
        }
    }

    private void pullTree(ChannelSftp sftp, String remote, Path local) throws IOException, SftpException {
        Files.createDirectories(local);
        Vector<ChannelSftp.LsEntry> entries = sftp.ls(remote);
        for (ChannelSftp.LsEntry entry : entries) {
            String name = entry.getFilename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            if (entry.getAttrs().isDir()) {
                pullTree(sftp, remote + "/" + name, local.resolve(name));
            } else if (entry.getAttrs().isReg()) {
                sftp.get(remote + "/" + name, local.resolve(name).toString());
            }
        }
    }

    private static void mkdirs(ChannelSftp sftp, String dir) throws SftpException {
        StringBuilder path = new StringBuilder();
        for (String part : dir.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            path.append('/').append(part);
            try {
                sftp.stat(path.toString());
            } catch (SftpException missing) {
                sftp.mkdir(path.toString());
            }
        }
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private void withSftp(String what, SftpWork work) {
        ChannelSftp sftp = null;
        try {
            sftp = (ChannelSftp) session().openChannel("sftp");
            sftp.connect(connections.connectTimeoutMillis());
            work.run(sftp);
        } catch (JSchException | SftpException | IOException e) {
            throw new ShellException("Could not " + what + " on " + target.name() + ": " + e.getMessage(), e);
        } finally {
            if (sftp != null) {
                sftp.disconnect();
            }
        }
    }

    @FunctionalInterface
    private interface SftpWork {
        void run(ChannelSftp sftp) throws IOException, SftpException;
    }

    private record RemoteProcess(ChannelExec channel, InputStream stdout, InputStream stderr, OutputStream stdin)
            implements Running {

        @Override
        public boolean waitFor(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!channel.isClosed()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(5);
            }
            return true;
        }

        @Override
        public int exitCode() {
            return channel.getExitStatus();
        }

        @Override
        public void kill() {
            try {
                channel.sendSignal("KILL");
            } catch (Exception ignored) {
                // the server may not take signals; closing the channel ends the command's session
            }
            channel.disconnect();
            Pumps.closeQuietly(stdout);
            Pumps.closeQuietly(stderr);
        }
    }
}
