package dev.bosun.account;

import java.util.List;

/** A page of clients, by name, with how many there are; sites are counted for the page's clients only. */
public record ClientPage(List<ClientInfo> items, int page, long total) {

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
