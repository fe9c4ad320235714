package dev.bosun.task;

import java.util.List;

/** One page of tasks, newest first, with the number of tasks matching the filter. */
public record TaskPage(List<TaskSummary> items, int page, int size, long total) {

    public int pages() {
        return (int) ((total + size - 1) / size);
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }

    public boolean hasPrevious() {
        return page > 0;
    }
}
