package io.leadscore.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * How text cells become typed values: the one set of rules for CSV files and for anything else
 * read as text. Missing: empty, {@code NA}, {@code N/A}, {@code null}, {@code NaN} (any case).
 * Booleans: true/false, yes/no (any case). Timestamps: ISO-8601 instants, local date-times (taken
 * as UTC, {@code T} or a space between date and time) and dates.
 */
public final class ValueParser {
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "null", "nan");

    private ValueParser() {
    }

    public static boolean isMissing(String cell) {
        return cell == null || MISSING.contains(cell.trim().toLowerCase(Locale.ROOT));
    }

    /** The number in the cell, or null when it is not a finite number. */
    public static Double parseNumber(String cell) {
        String s = cell.trim();
        if (s.isEmpty()) {
            return null;
        }
        char c = s.charAt(0);
        if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** true/false/yes/no in any case, or null when the cell is none of them. */
    public static Boolean parseBoolean(String cell) {
        return switch (cell.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> Boolean.TRUE;
            case "false", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** The instant in the cell, or null when it is not a date or timestamp. */
    public static Instant parseTimestamp(String cell) {
        String s = cell.trim();
        if (s.length() < 10 || !Character.isDigit(s.charAt(0))) {
            return null;
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            String t = s.replace(' ', 'T');
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return java.time.OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
