package dev.bosun.backup;

import java.util.Locale;

/** Sizes as people read them: '12.4 MB' (1 KB = 1024 bytes, as Drupal's format_size counts). */
public final class HumanSize {

    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB"};

    private HumanSize() {
    }

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (Math.round(value * 10) / 10.0 >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
