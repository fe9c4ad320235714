package dev.bosun.task;

import java.util.concurrent.atomic.AtomicLong;

/** Target ids no other test uses, since the task tests share one database. */
public final class Targets {

    private static final AtomicLong NEXT = new AtomicLong(1_000_000L + System.nanoTime() % 1_000_000 * 1000);

    private Targets() {
    }

    public static long next() {
        return NEXT.incrementAndGet();
    }
}
