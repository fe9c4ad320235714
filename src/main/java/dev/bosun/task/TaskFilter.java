package dev.bosun.task;

/** A page of the task list: any of status, type and site (id, or part of its domain); pages count from 0. */
public record TaskFilter(TaskStatus status, String type, Long siteId, String site, int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    public TaskFilter {
        page = Math.max(page, 0);
        size = size <= 0 ? DEFAULT_SIZE : Math.min(size, MAX_SIZE);
        type = type == null || type.isBlank() ? null : type.trim();
        site = site == null || site.isBlank() ? null : site.trim();
    }
}
