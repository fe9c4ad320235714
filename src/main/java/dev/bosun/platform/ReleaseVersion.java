package dev.bosun.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A package release version as drupal.org and composer write them: {@code 10.3.6}, {@code 3.6.0-rc1},
 * {@code 8.x-1.12} (the legacy core prefix is ignored), {@code 2.x-dev}. Ordered like Aegir's
 * version code: numbers, then the release type (dev &lt; unstable &lt; alpha &lt; beta &lt; rc &lt; release),
 * then its number. A branch ({@code 2.x-dev}) is only ordered against releases of another major.
 */
final class ReleaseVersion {

    private static final Pattern FORMAT = Pattern.compile(
            "^v?(?:\\d+\\.x-)?(\\d+)(?:\\.(\\d+|x))?(?:\\.(\\d+|x))?(?:-(dev|unstable|alpha|beta|rc)\\.?(\\d*))?(?:\\+.*)?$");
    private static final List<String> STAGES = List.of("dev", "unstable", "alpha", "beta", "rc");
    private static final int RELEASE = STAGES.size();

    private final List<Integer> numbers;
    private final boolean branch;
    private final int stage;
    private final int stageNumber;

    private ReleaseVersion(List<Integer> numbers, boolean branch, int stage, int stageNumber) {
        this.numbers = numbers;
        this.branch = branch;
        this.stage = stage;
        this.stageNumber = stageNumber;
    }

    static Optional<ReleaseVersion> parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        List<Integer> numbers = new ArrayList<>();
        boolean branch = false;
        for (int group = 1; group <= 3 && m.group(group) != null && !branch; group++) {
            branch = m.group(group).equals("x");
            if (!branch) {
                numbers.add(Integer.valueOf(m.group(group)));
            }
        }
        int stage = m.group(4) == null ? RELEASE : STAGES.indexOf(m.group(4));
        int stageNumber = m.group(5) == null || m.group(5).isEmpty() ? 0 : Integer.parseInt(m.group(5));
        return Optional.of(new ReleaseVersion(numbers, branch, stage, stageNumber));
    }

    /** Negative, zero or positive as {@code a} is older, the same or newer than {@code b}; empty when not comparable. */
    static Optional<Integer> compare(String a, String b) {
        Optional<ReleaseVersion> left = parse(a);
        Optional<ReleaseVersion> right = parse(b);
        if (left.isEmpty() || right.isEmpty()) {
            return a != null && a.equals(b) ? Optional.of(0) : Optional.empty();
        }
        return left.get().compareTo(right.get());
    }

    private Optional<Integer> compareTo(ReleaseVersion other) {
        int length = Math.max(numbers.size(), other.numbers.size());
        for (int i = 0; i < length; i++) {
            if ((branch && i >= numbers.size()) || (other.branch && i >= other.numbers.size())) {
                return Optional.empty();
            }
            int difference = Integer.compare(number(i), other.number(i));
            if (difference != 0) {
                return Optional.of(difference);
            }
        }
        if (branch || other.branch) {
            return branch && other.branch ? Optional.of(0) : Optional.empty();
        }
        int byStage = Integer.compare(stage, other.stage);
        return Optional.of(byStage != 0 ? byStage : Integer.compare(stageNumber, other.stageNumber));
    }

    private int number(int index) {
        return index < numbers.size() ? numbers.get(index) : 0;
    }
}
