package dev.bosun.backup;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.bosun.backup.internal.ArchivePaths;
import dev.bosun.backup.internal.CountingOutputStream;
import dev.bosun.backup.internal.DatabaseIndex;
import dev.bosun.backup.internal.GzipMemberOutputStream;
import dev.bosun.backup.internal.GzipMembers;
import dev.bosun.backup.internal.ParallelGzipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.io.output.CloseShieldOutputStream;

/** One archive being written: tar entries, gzip, sha256 and byte count, in one pass. */
final class ArchiveWriter implements Closeable {

    private static final int BUFFER = 1 << 16;
    private static final int TYPE_MASK = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int SYMLINK = 0120000;

    private final FileChannel channel;
    private final MessageDigest sha256;
    private final CountingOutputStream counted;
    private final OutputStream compressed;
    private final GzipMembers compressor;
    private final OutputStream toCompressor;
    private final TarArchiveOutputStream tar;
    private final List<String> warnings = new ArrayList<>();
    private final byte[] buffer = new byte[BUFFER];
    private int entries;
    private long databaseBytes;
    private boolean rootAdded;
    private long databaseOffset = -1;
    private boolean finished;

    ArchiveWriter(Path file, ArchiveSettings settings) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.sha256 = newSha256();
        OutputStream fileStream = CloseShieldOutputStream.wrap(Channels.newOutputStream(channel));
        this.counted = new CountingOutputStream(new DigestOutputStream(fileStream, sha256));
        this.compressed = new BufferedOutputStream(counted, BUFFER);
        OutputStream gzip = compressor(CloseShieldOutputStream.wrap(compressed), settings);
        this.compressor = (GzipMembers) gzip;
        this.toCompressor = new BufferedOutputStream(gzip, BUFFER);
        // Records go through one by one (no 10 KiB blocking), so a member can end after any entry.
        this.tar = new TarArchiveOutputStream(toCompressor, TarConstants.DEFAULT_RCDSIZE, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    private static OutputStream compressor(OutputStream out, ArchiveSettings settings) throws IOException {
        int threads = settings.effectiveThreads();
        if (threads == 1) {
            GzipParameters parameters = new GzipParameters();
            parameters.setCompressionLevel(settings.level());
            parameters.setBufferSize(BUFFER);
            return new GzipMemberOutputStream(out, parameters);
        }
        return new ParallelGzipOutputStream(out, settings.level(), threads);
    }

    /** The entry of the site folder itself, which carries its mode. */
    static final String ROOT = "./";

    void addDirectoryTree(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new BackupFailedException("The site folder " + root + " does not exist or is not a folder.");
        }
        // the folder's own mode and times, as tar -C <folder> -c . records them (Drupal leaves it 0555)
        put(entry(ROOT, TarConstants.LF_DIR, Files.readAttributes(root, "unix:mode,uid,gid,lastModifiedTime,size",
                LinkOption.NOFOLLOW_LINKS)), null, 0);
        walk(root, root);
    }

    private void walk(Path root, Path directory) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(directory)) {
            children = list.sorted().toList();
        } catch (AccessDeniedException e) {
            throw new BackupFailedException("Cannot read the folder " + directory + ": permission denied.", e);
        }
        for (Path child : children) {
            String name = root.relativize(child).toString();
            Map<String, Object> attributes = Files.readAttributes(child, "unix:mode,uid,gid,lastModifiedTime,size",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) attributes.get("mode");
            switch (mode & TYPE_MASK) {
                case DIRECTORY -> {
                    put(entry(name + "/", TarConstants.LF_DIR, attributes), null, 0);
                    walk(root, child);
                }
                case REGULAR -> addLocalFile(child, name, attributes);
                case SYMLINK -> {
                    TarArchiveEntry link = entry(name, TarConstants.LF_SYMLINK, attributes);
                    link.setLinkName(Files.readSymbolicLink(child).toString());
                    put(link, null, 0);
                }
                default -> warnings.add("Left out " + name + ": not a file, folder or link (a socket, pipe or device).");
            }
        }
    }

    private void addLocalFile(Path file, String name, Map<String, Object> attributes) throws IOException {
        if (name.equals(BackupArchiver.DATABASE_SQL)) {
            warnings.add("Left out the site folder's own " + name + ": the archive's database.sql is the new dump.");
            return;
        }
        long size = (Long) attributes.get("size");
        TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, attributes);
        entry.setSize(size);
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            put(entry, in, size);
            if (in.read() >= 0) {
                warnings.add(name + " grew while it was read; the archive has its first " + size + " bytes.");
            }
        } catch (AccessDeniedException e) {
            throw new BackupFailedException("Cannot read " + name + " in the site folder: permission denied.", e);
        } catch (NoSuchFileException e) {
            throw new BackupFailedException(name + " disappeared from the site folder while it was being archived.", e);
        }
    }

    private static TarArchiveEntry entry(String name, byte type, Map<String, Object> attributes) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setMode((Integer) attributes.get("mode") & 07777);
        entry.setUserId(((Integer) attributes.get("uid")).longValue());
        entry.setGroupId(((Integer) attributes.get("gid")).longValue());
        entry.setModTime((FileTime) attributes.get("lastModifiedTime"));
        return entry;
    }

    /** Re-packs the entries of a tar of the site folder, refusing names that leave the folder. */
    void addTarStream(InputStream stream) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(stream, "UTF-8");
        TarArchiveEntry source;
        while ((source = in.getNextEntry()) != null) {
            String name = safeName(source.getName());
            if (name.isEmpty() && !(source.isDirectory() && !rootAdded)) {
                continue;
            }
            rootAdded |= name.isEmpty();
            TarArchiveEntry copy = copyOf(source, name);
            if (copy != null) {
                put(copy, copy.isFile() ? in : null, copy.getSize());
            }
        }
        stream.transferTo(OutputStream.nullOutputStream());
    }

    private TarArchiveEntry copyOf(TarArchiveEntry source, String name) {
        TarArchiveEntry copy;
        if (source.isCharacterDevice() || source.isBlockDevice() || source.isFIFO()) {
            warnings.add("Left out " + name + ": not a file, folder or link (a socket, pipe or device).");
            return null;
        } else if (source.isDirectory()) {
            copy = new TarArchiveEntry(name.isEmpty() ? ROOT : name + "/", TarConstants.LF_DIR);
        } else if (source.isSymbolicLink()) {
            copy = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            copy.setLinkName(source.getLinkName());
        } else if (source.isLink()) {
            copy = new TarArchiveEntry(name, TarConstants.LF_LINK);
            copy.setLinkName(safeName(source.getLinkName()));
        } else if (source.isFile() && name.equals(BackupArchiver.DATABASE_SQL)) {
            warnings.add("Left out the site folder's own " + name + ": the archive's database.sql is the new dump.");
            return null;
        } else if (source.isFile()) {
            copy = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            copy.setSize(source.getSize());
        } else {
            warnings.add("Left out " + name + ": not a file, folder or link (a socket, pipe or device).");
            return null;
        }
        copy.setMode(source.getMode() & 07777);
        copy.setUserId(source.getLongUserId());
        copy.setGroupId(source.getLongGroupId());
        copy.setUserName(source.getUserName());
        copy.setGroupName(source.getGroupName());
        copy.setModTime(source.getLastModifiedTime());
        return copy;
    }

    private static String safeName(String raw) {
        try {
            return ArchivePaths.normalize(raw);
        } catch (ArchivePaths.UnsafeEntryException e) {
            throw new BackupFailedException("The site folder's tar stream has an unsafe entry: " + e.getMessage() + ".");
        }
    }

    /** Adds the dump as database.sql, in gzip members of its own whose start the index at the end names. */
    void addDatabase(Path spool, Instant createdAt) throws IOException {
        startMember();
        long size = Files.size(spool);
        TarArchiveEntry entry = new TarArchiveEntry(BackupArchiver.DATABASE_SQL, TarConstants.LF_NORMAL);
        entry.setSize(size);
        entry.setMode(0600);
        entry.setModTime(FileTime.from(createdAt));
        try (InputStream in = Files.newInputStream(spool)) {
            put(entry, in, size);
        }
        databaseBytes = size;
    }

    /** Writes the entry and exactly {@code size} bytes of data, padding with zeros if the source ends early. */
    private void put(TarArchiveEntry entry, InputStream data, long size) throws IOException {
        tar.putArchiveEntry(entry);
        long left = size;
        while (data != null && left > 0) {
            int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                warnings.add(entry.getName() + " shrank while it was read; the archive has it padded with zeros.");
                break;
            }
            tar.write(buffer, 0, n);
            left -= n;
        }
        while (left > 0) {
            int n = (int) Math.min(buffer.length, left);
            java.util.Arrays.fill(buffer, 0, n, (byte) 0);
            tar.write(buffer, 0, n);
            left -= n;
        }
        tar.closeArchiveEntry();
        entries++;
    }

    /** Everything written so far leaves as complete gzip members; the offset where the next one starts is kept. */
    private void startMember() throws IOException {
        toCompressor.flush();
        compressor.endMember();
        compressed.flush();
        databaseOffset = counted.count();
    }

    /** Ends the tar and the gzip stream, appends the database index and forces the bytes to disk. */
    void finish() throws IOException {
        tar.finish();
        tar.close();
        if (databaseOffset > 0) {
            compressed.write(DatabaseIndex.trailer(databaseOffset));
        }
        compressed.flush();
        channel.force(true);
        finished = true;
    }

    long size() {
        return counted.count();
    }

    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    int entries() {
        return entries;
    }

    long databaseBytes() {
        return databaseBytes;
    }

    List<String> warnings() {
        return warnings;
    }

    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                tar.close();
            }
        } catch (IOException ignored) {
            // the archive is being thrown away
        } finally {
            channel.close();
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
