package dev.bosun.account;

import java.util.List;

/**
 * Which clients' sites a user may see: all of them (ADMIN, OPERATOR) or only those of the
 * clients a CLIENT user is linked to.
 */
public record ClientScope(boolean all, List<Long> clientIds) {

    public static final ClientScope ALL = new ClientScope(true, List.of());

    public ClientScope {
        clientIds = List.copyOf(clientIds);
    }

    public static ClientScope of(List<Long> clientIds) {
        return new ClientScope(false, clientIds);
    }

    /**
     * The client ids for an SQL {@code IN (...)} list: never empty (an impossible id stands in
     * for "none"), since an empty list is no valid SQL.
     */
    public List<Long> idsForSql() {
        return idsForSql(clientIds);
    }

    /** The same for a list of client ids handed on from a scope ({@link #filterOrNull()}). */
    public static List<Long> idsForSql(List<Long> clientIds) {
        return clientIds.isEmpty() ? List.of(-1L) : clientIds;
    }

    /** The client ids to filter on, or null when every client is visible. */
    public List<Long> filterOrNull() {
        return all ? null : clientIds;
    }
}
