package dev.bosun.backup;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where the site folder's files come from: a folder on the master, or a tar stream (for a
 * remote web server: the output of {@code tar -c -C <site folder> .} read over the shell).
 * The archive gets the folder's contents at its top level, whichever the source.
 */
public sealed interface SiteFolder {

    static SiteFolder local(Path directory) {
        return new Local(directory);
    }

    /** A tar stream of the folder's contents; its entries are re-packed, checked one by one. */
    static SiteFolder tarStream(InputStream tar) {
        return new TarStream(tar);
    }

    record Local(Path directory) implements SiteFolder {
    }

    record TarStream(InputStream tar) implements SiteFolder {
    }
}
