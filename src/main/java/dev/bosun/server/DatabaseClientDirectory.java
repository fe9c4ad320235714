package dev.bosun.server;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A directory on the master with database client programs ({@code mariadb}, {@code mariadb-dump}, {@code psql},
 * {@code pg_dump}) for dumps and imports when the master's PATH has none. A bean of this type adds one; the
 * demo's embedded MariaDB, which brings its own client programs, is such a bean.
 */
@FunctionalInterface
public interface DatabaseClientDirectory {

    /** The directory, or empty when this bean has none to offer. */
    Optional<Path> directory();
}
