package dev.bosun.task;

/**
 * A page of the task list: any of status, type and site (id, or part of its domain), newest first. Where the
 * page starts: after the task {@code before} (the next, older page), before the task {@code after} (the previous,
 * newer page), at the oldest tasks ({@code oldest}: the last page), or by page number ({@code page}, counted from
 * 0; deep page numbers cost a walk over every task skipped, the cursors do not).
 */
public record TaskFilter(TaskStatus status, String type, Long siteId, String site, int page, int size, Long before,
                         Long after, boolean oldest) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    public TaskFilter {
        page = Math.max(page, 0);
        size = size <= 0 ? DEFAULT_SIZE : Math.min(size, MAX_SIZE);
        type = type == null || type.isBlank() ? null : type.trim();
        site = site == null || site.isBlank() ? null : site.trim();
    }

    /** A page by number, from the newest tasks. */
    public TaskFilter(TaskStatus status, String type, Long siteId, String site, int page, int size) {
        this(status, type, siteId, site, page, size, null, null, false);
    }

    /** Whether the page is found by a cursor (or is the last page) rather than by number. */
    public boolean keyset() {
        return before != null || after != null || oldest;
    }
}
