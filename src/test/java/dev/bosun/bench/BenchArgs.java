package dev.bosun.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the benchmarks share: their {@code --name=value} (or {@code --name value}) options, percentiles and the
 * load average they print with their figures.
 */
final class BenchArgs {

    private BenchArgs() {
    }

    /** A whole number option; {@code 10_000} and {@code 10,000} are read as 10000. */
    static int option(String[] args, String name, int fallback) {
        String value = text(args, name, null);
        try {
            return value == null ? fallback : Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a whole number, not '" + value + "'");
        }
    }

    static String text(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--" + name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--" + name + "=")) {
                return args[i].substring(name.length() + 3);
            }
        }
        return fallback;
    }

    /** The nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(double[] sorted, int percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    static double percentile(List<Double> values, int percentile) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), percentile);
    }

    /** The machine's one-minute load average, as {@code /proc/loadavg} gives it; "unknown" where there is none. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
