package dev.bosun.platform;

import java.util.List;

/** A page of a platform's sites, by domain, with how many it has (a platform can carry thousands). */
public record PlatformSitePage(List<PlatformSite> items, int page, long total) {

    public static final int SIZE = 50;

    public int pages() {
        return (int) ((total + SIZE - 1) / SIZE);
    }

    public boolean hasNext() {
        return (long) (page + 1) * SIZE < total;
    }

    public boolean hasPrevious() {
        return page > 0;
    }
}
