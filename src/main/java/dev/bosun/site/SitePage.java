package dev.bosun.site;

import java.util.List;

/** One page of the site list, with the number of sites matching the filter. Pages count from 0. */
public record SitePage(List<SiteSummary> items, int page, int size, long total) {

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
