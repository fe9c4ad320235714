package dev.bosun.backup;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The database dump, spooled to a file on its own thread while the site folder is archived. */
final class DumpJob {

    private final Thread thread;
    private volatile boolean cancelled;
    private volatile Throwable failure;

    private DumpJob(DatabaseDump dump, Path spool, String domain) {
        this.thread = new Thread(() -> run(dump, spool), "backup-dump-" + domain);
        this.thread.setDaemon(true);
    }

    static DumpJob start(DatabaseDump dump, Path spool, String domain) {
        DumpJob job = new DumpJob(dump, spool, domain);
        job.thread.start();
        return job;
    }

    private void run(DatabaseDump dump, Path spool) {
        try (OutputStream out = new Cancellable(new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16))) {
            dump.writeTo(out);
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Waits for the dump to end; a failed dump fails the backup with the dump's own message. */
    void await() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupFailedException("The backup was interrupted while waiting for the database dump.");
        }
        if (failure != null) {
            String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
            throw new BackupFailedException("The database dump failed: " + message, failure);
        }
    }

    /** Makes the dump's next write fail, so a dump whose backup failed stops early. */
    void cancel() {
        cancelled = true;
    }

    private final class Cancellable extends FilterOutputStream {

        Cancellable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            check();
            out.write(b);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            check();
            out.write(data, offset, length);
        }

        private void check() throws IOException {
            if (cancelled) {
                throw new IOException("the backup was stopped");
            }
        }
    }
}
