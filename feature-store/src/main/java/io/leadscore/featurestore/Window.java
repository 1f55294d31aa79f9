package io.leadscore.featurestore;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far back before the scoring instant an event still counts: {@code 7d}, {@code 30d},
 * {@code 12h}, {@code 45m} or {@code all}. An event at {@code ts} counts for scoring instant
 * {@code t} when {@code t - length <= ts < t}: never at or after {@code t}.
 *
 * @param text the window as written, e.g. {@code 30d}
 * @param millis its length in milliseconds ({@link Long#MAX_VALUE} for {@code all})
 */
public record Window(String text, long millis) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,6})([dhm])");
    private static final long DAY = 86_400_000L;

    /** Every event before the scoring instant. */
    public static final Window ALL = new Window("all", Long.MAX_VALUE);

    /** Parses {@code 30d}, {@code 12h}, {@code 45m} or {@code all}; null when the text is none of them. */
    public static Window parse(String text) {
        String s = text.trim();
        if (s.equals("all")) {
            return ALL;
        }
        Matcher m = FORMAT.matcher(s);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "d" -> DAY;
            case "h" -> 3_600_000L;
            default -> 60_000L;
        };
        return new Window(s, n * unit);
    }

    /** Whether an event at {@code ts} counts for scoring instant {@code scoredAt}. */
    public boolean contains(long ts, long scoredAt) {
        return ts < scoredAt && (millis == Long.MAX_VALUE || scoredAt - ts <= millis);
    }

    /** The length in days (fractional), or {@code Double.POSITIVE_INFINITY} for {@code all}. */
    public double days() {
        return millis == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : (double) millis / DAY;
    }
}
