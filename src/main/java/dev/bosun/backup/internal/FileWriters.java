package dev.bosun.backup.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates and fills small files on a few threads while the archive is read on another. Creating
 * a file, not writing its bytes, is what unpacking a site folder spends its time on, and creates
 * on separate threads overlap. At most {@code budget} bytes wait in memory. A write that failed
 * is thrown by the next call.
 */
public final class FileWriters implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService pool;
    private final Semaphore budget;
    private final int budgetBytes;
    private final Deque<Future<?>> pending = new ArrayDeque<>();

    public FileWriters(int threads, int budgetBytes) {
        int poolId = POOLS.incrementAndGet();
        AtomicInteger threadNo = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "backup-unpack-write-" + poolId + "-" + threadNo.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.budget = new Semaphore(budgetBytes);
        this.budgetBytes = budgetBytes;
    }

    /** Whether a file of this size goes to the writers; bigger ones are better streamed by the caller. */
    public boolean takes(long size) {
        return size <= budgetBytes / 4;
    }

    /** Queues the creation of {@code path} (which must not exist) with this content, mode and time. */
    public void write(Path path, byte[] data, Set<PosixFilePermission> permissions, FileTime modified)
            throws IOException {
        collectDone();
        try {
            budget.acquire(data.length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while unpacking");
        }
        pending.add(pool.submit(() -> {
            try {
                create(path, data, permissions, modified);
                return null;
            } finally {
                budget.release(data.length);
            }
        }));
    }

    /** Creates {@code path} now, on this thread. */
    public static void create(Path path, byte[] data, Set<PosixFilePermission> permissions, FileTime modified)
            throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer content = ByteBuffer.wrap(data);
            while (content.hasRemaining()) {
                channel.write(content);
            }
        }
        Files.setPosixFilePermissions(path, permissions);
        Files.setLastModifiedTime(path, modified);
    }

    /** Waits until every queued file is written; throws the first failure. */
    public void awaitAll() throws IOException {
        while (!pending.isEmpty()) {
            result(pending.removeFirst());
        }
    }

    private void collectDone() throws IOException {
        while (!pending.isEmpty() && pending.peekFirst().isDone()) {
            result(pending.removeFirst());
        }
    }

    private static void result(Future<?> write) throws IOException {
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while unpacking");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * Drops the writes not begun, stops those under way and waits for the threads to end, so that
     * nothing is created afterwards (after {@link #awaitAll()} there is nothing left to drop).
     */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
