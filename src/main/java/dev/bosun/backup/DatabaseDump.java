package dev.bosun.backup;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes a site's database dump (SQL text) to the given stream, e.g. by copying the standard
 * output of {@code mariadb-dump --defaults-extra-file=… --single-transaction}. It runs while
 * the site folder is being archived, on a thread of its own.
 */
@FunctionalInterface
public interface DatabaseDump {

    void writeTo(OutputStream out) throws Exception;

    /** A dump that is already a stream (it is read to the end and closed). */
    static DatabaseDump of(InputStream sql) {
        return out -> {
            try (sql) {
                sql.transferTo(out);
            }
        };
    }
}
