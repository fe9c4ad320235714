package dev.bosun;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Recognises a failure whose cause is that the panel's own database cannot be reached (no connection
 * within the pool's timeout, refused, dropped), as opposed to a query or data error: callers answer
 * 503 for it rather than 401 or 500.
 */
public final class DatabaseUnreachable {

    public static final String TITLE = "The panel's database is unreachable";
    public static final String DETAIL = "The panel cannot reach its PostgreSQL database; try again when it is back.";

    private DatabaseUnreachable() {
    }

    /** Hikari's answer on a connection it evicted as broken, e.g. to the rollback after a query lost it. */
    private static final String EVICTED = "Connection is closed";

    public static boolean causes(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLException sql && connectionLost(sql)) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 08 is "connection exception". */
    private static boolean connectionLost(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08") || EVICTED.equals(e.getMessage());
    }
}
