package dev.bosun;

import java.util.List;

/**
 * A page, numbered from 0, of {@value #SIZE} items of a list that grows with the fleet, with how many items
 * there are in all; the pages' templates link to the previous, next and last page with it.
 */
public record NumberedPage<T>(List<T> items, int page, long total) {

    public static final int SIZE = 50;

    /** A negative page number is the first page. */
    public NumberedPage {
        items = List.copyOf(items);
        page = Math.max(page, 0);
    }

    /** Where page {@code page} starts (a negative page is the first). */
    public static int offset(int page) {
        return (int) Math.min(Integer.MAX_VALUE, (long) Math.max(page, 0) * SIZE);
    }

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
