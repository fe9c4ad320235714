package dev.bosun.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.bosun.backup.internal.ArchivePaths;
import dev.bosun.backup.internal.FileWriters;
import dev.bosun.backup.internal.ArchivePaths.UnsafeEntryException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.io.input.CloseShieldInputStream;

/**
 * The entries of one archive being written under {@code root}, with the checks that keep them
 * there. Small files are created by a few writer threads ({@link FileWriters}) while the archive
 * is read on; every path made here is remembered, so that checks of folders already made and of
 * names not yet used need no file system call (the folder was empty at the start).
 */
final class Extraction implements AutoCloseable {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int MAX_LINK_DEPTH = 40;
    private static final int WRITERS = 4;
    private static final int WRITE_BUDGET = 32 << 20;

    private final Path root;
    /** The mode and time of the folder itself, when the archive has its entry (older archives have not). */
    private DirectoryAttributes rootAttributes;
    private final BackupUnpacker.DatabaseSqlReader databaseSql;
    private final FileWriters writers = new FileWriters(WRITERS, WRITE_BUDGET);
    private final List<DirectoryAttributes> directories = new ArrayList<>();
    private final List<Path> links = new ArrayList<>();
    private final Set<Path> folders = new HashSet<>();
    private final Set<Path> written = new HashSet<>();
    private final byte[] buffer = new byte[1 << 16];
    private int files;
    private long bytes;
    private boolean databaseSqlSeen;
    private boolean databaseElsewhere;

    private record DirectoryAttributes(Path path, int mode, FileTime modified) {
    }

    Extraction(Path root, BackupUnpacker.DatabaseSqlReader databaseSql) {
        this.root = root;
        this.databaseSql = databaseSql;
        folders.add(root);
    }

    /** The archive's database.sql is read from its own part; one among these entries is refused. */
    void expectDatabaseElsewhere() {
        databaseElsewhere = true;
    }

    void extract(TarArchiveEntry entry, InputStream data) throws IOException {
        String name = ArchivePaths.normalize(entry.getName());
        if (name.isEmpty()) {
            if (entry.isDirectory()) {
                // the folder's own entry ("./"): its mode and time go on the folder unpacked into, last of all
                rootAttributes = new DirectoryAttributes(root, entry.getMode(), entry.getLastModifiedTime());
            }
            return;
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw new UnsafeEntryException("the entry '" + name + "' is a device file or pipe");
        }
        boolean topLevelSql = name.equals(BackupArchiver.DATABASE_SQL) && entry.isFile();
        if (topLevelSql && databaseElsewhere) {
            throw new UnsafeEntryException("the archive has a second database.sql among the site's files");
        }
        databaseSqlSeen |= topLevelSql;
        if (topLevelSql && databaseSql != null) {
            readDatabase(data);
            return;
        }
        Path path = root.resolve(name);
        createParents(name, path.getParent());
        if (entry.isDirectory()) {
            directory(name, path, entry);
        } else if (entry.isSymbolicLink()) {
            symbolicLink(name, path, entry.getLinkName());
        } else if (entry.isLink()) {
            hardLink(name, path, entry.getLinkName());
        } else if (entry.isFile()) {
            file(path, entry, data);
        } else {
            throw new UnsafeEntryException("the entry '" + name + "' is a device file, pipe or other special file");
        }
    }

    /** Hands database.sql to the reader; a failure of the reader refuses the archive. */
    void readDatabase(InputStream data) {
        databaseSqlSeen = true;
        try {
            databaseSql.read(CloseShieldInputStream.wrap(data));
        } catch (Exception e) {
            throw new BackupArchiveException("Reading database.sql from the archive failed: " + e.getMessage(), e);
        }
    }

    /** Creates missing parent folders one by one, refusing to go through a link or a file. */
    private void createParents(String name, Path parent) throws IOException {
        if (folders.contains(parent)) {
            return;
        }
        Path current = root;
        for (Path part : root.relativize(parent)) {
            if (part.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(part);
            if (folders.contains(current)) {
                continue;
            }
            if (written.contains(current)) {
                writers.awaitAll();
            }
            if (Files.isSymbolicLink(current)) {
                throw new UnsafeEntryException("the entry '" + name + "' would be written through the link '"
                        + root.relativize(current) + "'");
            }
            if (!Files.exists(current, NOFOLLOW)) {
                Files.createDirectory(current);
            } else if (!Files.isDirectory(current, NOFOLLOW)) {
                throw new UnsafeEntryException("the entry '" + name + "' needs a folder where the archive has a file");
            }
            folders.add(current);
        }
    }

    private void directory(String name, Path path, TarArchiveEntry entry) throws IOException {
        if (!folders.contains(path)) {
            if (written.remove(path)) {
                writers.awaitAll();
            }
            if (Files.isSymbolicLink(path)) {
                throw new UnsafeEntryException("the folder '" + name + "' would replace a link");
            }
            if (!Files.isDirectory(path, NOFOLLOW)) {
                Files.deleteIfExists(path);
                Files.createDirectory(path);
            }
            folders.add(path);
        }
        directories.add(new DirectoryAttributes(path, entry.getMode(), entry.getLastModifiedTime()));
    }

    private void symbolicLink(String name, Path path, String target) throws IOException {
        if (!ArchivePaths.linkStaysInside(name, target)) {
            throw new UnsafeEntryException("the link '" + name + "' points outside the folder (to '" + target + "')");
        }
        replace(name, path);
        Files.createSymbolicLink(path, Path.of(target));
        written.add(path);
        links.add(path);
    }

    private void hardLink(String name, Path path, String target) throws IOException {
        String targetName = ArchivePaths.normalize(target);
        Path source = root.resolve(targetName);
        writers.awaitAll();
        if (targetName.isEmpty() || !Files.isRegularFile(source, NOFOLLOW) || throughLink(source)) {
            throw new UnsafeEntryException("the hard link '" + name + "' points to '" + target
                    + "', which is not a file unpacked before it");
        }
        replace(name, path);
        Files.createLink(path, source);
        written.add(path);
        files++;
    }

    private boolean throughLink(Path path) {
        Path current = root;
        for (Path part : root.relativize(path.getParent() == null ? root : path.getParent())) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                return true;
            }
        }
        return false;
    }

    /** Small files go to the writer threads; a big (or sparse) one is streamed here. */
    private void file(Path path, TarArchiveEntry entry, InputStream data) throws IOException {
        replace(root.relativize(path).toString(), path);
        written.add(path);
        files++;
        if (!entry.isSparse() && writers.takes(entry.getSize())) {
            byte[] content = data.readNBytes((int) entry.getSize());
            writers.write(path, content, permissions(entry.getMode()), entry.getLastModifiedTime());
            bytes += content.length;
            return;
        }
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                NOFOLLOW)) {
            bytes += copy(data, out);
        }
        Files.setPosixFilePermissions(path, permissions(entry.getMode()));
        Files.setLastModifiedTime(path, entry.getLastModifiedTime());
    }

    private long copy(InputStream data, OutputStream out) throws IOException {
        long total = 0;
        int n;
        while ((n = data.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /**
     * A later entry of the same name replaces an earlier file or link, as tar does; never a folder.
     * A name not made here does not exist: the folder was empty (and creating it would refuse an
     * existing one anyway).
     */
    private void replace(String name, Path path) throws IOException {
        if (folders.contains(path)) {
            throw new UnsafeEntryException("the entry '" + name + "' would replace a folder");
        }
        if (written.remove(path)) {
            writers.awaitAll();
            Files.deleteIfExists(path);
        }
    }

    /** Waits for the writer threads, then checks the links and sets the folders' modes and times. */
    void finish() throws IOException {
        writers.awaitAll();
        checkLinks();
        applyDirectoryAttributes();
    }

    @Override
    public void close() {
        writers.close();
    }

    /** Follows every unpacked link the way the system would, and refuses any that ends outside. */
    private void checkLinks() throws IOException {
        for (Path link : links) {
            if (resolve(link, 0) == null) {
                throw new UnsafeEntryException("the link '" + root.relativize(link) + "' leads outside the folder ('"
                        + Files.readSymbolicLink(link) + "' through other links)");
            }
        }
    }

    private Path resolve(Path link, int depth) throws IOException {
        Path target = Files.readSymbolicLink(link);
        if (target.isAbsolute() || depth > MAX_LINK_DEPTH) {
            return null;
        }
        Path current = link.getParent();
        for (Path part : target) {
            String segment = part.toString();
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (current.equals(root)) {
                    return null;
                }
                current = current.getParent();
                continue;
            }
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current)) {
                current = resolve(current, depth + 1);
                if (current == null) {
                    return null;
                }
            }
        }
        return current;
    }

    /** Folder modes and times last, deepest first, so read-only folders could still be filled. */
    private void applyDirectoryAttributes() throws IOException {
        for (int i = directories.size() - 1; i >= 0; i--) {
            DirectoryAttributes directory = directories.get(i);
            Files.setPosixFilePermissions(directory.path(), permissions(directory.mode()));
            Files.setLastModifiedTime(directory.path(), directory.modified());
        }
        if (rootAttributes != null) {
            Files.setPosixFilePermissions(root, permissions(rootAttributes.mode()));
            Files.setLastModifiedTime(root, rootAttributes.modified());
        }
    }

    boolean databaseSqlSeen() {
        return databaseSqlSeen;
    }

    Unpacked result() {
        return new Unpacked(root, files, directories.size(), links.size(), bytes, databaseSqlSeen);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }
}
