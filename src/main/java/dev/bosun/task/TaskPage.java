package dev.bosun.task;

import java.util.List;

/**
 * One page of tasks, newest first. {@code total} counts the matching tasks up to {@link #TOTAL_CAP}; beyond it
 * {@code totalCapped} is true and {@code total} is the cap (a list says "more than 10,000"): an exact count of a
 * million rows would cost more than the page. {@code olderThan} and {@code newerThan} are the cursors of the next
 * (older) and previous (newer) pages, null when there is none.
 */
public record TaskPage(List<TaskSummary> items, int page, int size, long total, boolean totalCapped, Long olderThan,
                       Long newerThan) {

    public static final int TOTAL_CAP = 10_000;

    public int pages() {
        return (int) ((total + size - 1) / size);
    }

    public boolean hasNext() {
        return olderThan != null;
    }

    public boolean hasPrevious() {
        return newerThan != null;
    }
}
