package dev.bosun.backup.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for names inside a backup archive: relative, no {@code ..}, no NUL, with
 * {@code ./} prefixes and duplicate slashes removed. The archiver, the verifier and the
 * unpacker all go through it.
 */
public final class ArchivePaths {

    private ArchivePaths() {
    }

    /** The entry name as a clean relative path ('' for the folder itself), or why it is refused. */
    public static String normalize(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new UnsafeEntryException("an entry has an empty name");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new UnsafeEntryException("the entry name '" + printable(raw) + "' contains a NUL character");
        }
        if (raw.startsWith("/")) {
            throw new UnsafeEntryException("the entry '" + printable(raw) + "' has an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new UnsafeEntryException("the entry '" + printable(raw) + "' goes up with '..'");
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    /** Whether a relative link target, seen from the entry {@code name}, stays inside the folder. */
    public static boolean linkStaysInside(String name, String target) {
        if (target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0) {
            return false;
        }
        List<String> path = new ArrayList<>(List.of(name.split("/")));
        path.remove(path.size() - 1);
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (path.isEmpty()) {
                    return false;
                }
                path.remove(path.size() - 1);
            } else {
                path.add(part);
            }
        }
        return true;
    }

    static String printable(String name) {
        String shown = name.replace("\0", "\\0");
        return shown.length() > 200 ? shown.substring(0, 200) + "…" : shown;
    }

    /** An archive entry that could write outside the target folder or is not a file, folder or link. */
    public static final class UnsafeEntryException extends RuntimeException {

        public UnsafeEntryException(String message) {
            super(message);
        }
    }
}
