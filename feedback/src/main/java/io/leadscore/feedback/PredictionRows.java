package io.leadscore.feedback;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A logged prediction as a row of {@code prediction_log}, the same columns in both databases:
 * binding one for a batched insert and reading one back, with its bins as a JSON array.
 */
final class PredictionRows {
    /** The columns of a prediction up to schema version 3 (before the segment). */
    private static final String V3_COLUMNS =
            "lead_id, model_version, probability, score, tier, challenger_version, challenger_probability, predicted_at, bins";
    /** The columns of a prediction, in the order {@link #read} expects them. */
    static final String COLUMNS = V3_COLUMNS + ", segment";

    private PredictionRows() {
    }

    /** The columns prefixed with a table alias, e.g. {@code p.lead_id, p.model_version, …}. */
    static String columns(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    /**
     * Inserts predictions in one batch, in order; the caller commits. PostgreSQL: one {@code COPY}
     * (text format); SQLite: a batched prepared insert.
     */
    static void insert(Connection c, Dialect d, List<PredictionRecord> batch) throws SQLException {
        if (d == Dialect.POSTGRESQL) {
            copy(c, batch);
            return;
        }
        insertBatched(c, d, batch, true);
    }

    /** As {@link #insert} on SQLite, into the table of schema version 3 (no segment): for that version's migration. */
    static void insertIntoV3(Connection c, List<PredictionRecord> batch) throws SQLException {
        insertBatched(c, Dialect.SQLITE, batch, false);
    }

    private static void insertBatched(Connection c, Dialect d, List<PredictionRecord> batch, boolean segment) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO prediction_log (" + (segment ? COLUMNS : V3_COLUMNS)
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, " + d.jsonParameter() + (segment ? ", ?)" : ")"))) {
            for (PredictionRecord p : batch) {
                ins.setString(1, p.leadId());
                ins.setString(2, p.modelVersion());
                ins.setDouble(3, p.probability());
                ins.setInt(4, p.score());
                ins.setString(5, p.tier());
                ins.setString(6, p.challengerVersion());
                if (p.challengerProbability() == null) {
                    ins.setNull(7, Types.DOUBLE);
                } else {
                    ins.setDouble(7, p.challengerProbability());
                }
                d.setTime(ins, 8, p.at());
                ins.setString(9, json(p.bins()));
                if (segment) {
                    ins.setString(10, p.segment());
                }
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    private static void copy(Connection c, List<PredictionRecord> batch) throws SQLException {
        StringBuilder text = new StringBuilder(batch.size() * 120);
        for (PredictionRecord p : batch) {
            field(text, p.leadId()).append('\t');
            field(text, p.modelVersion()).append('\t').append(p.probability()).append('\t').append(p.score()).append('\t');
            field(text, p.tier()).append('\t');
            field(text, p.challengerVersion()).append('\t');
            (p.challengerProbability() == null ? text.append("\\N") : text.append(p.challengerProbability().doubleValue())).append('\t');
            text.append(Dialect.text(p.at().plusNanos(500).truncatedTo(ChronoUnit.MICROS))).append('\t'); // as the driver rounds
            field(text, json(p.bins())).append('\t');
            field(text, p.segment()).append('\n');
        }
        try {
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                    .copyIn("COPY prediction_log (" + COLUMNS + ") FROM STDIN", new java.io.StringReader(text.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY into the prediction log failed", "08006", e);
        }
    }

    /** A value in COPY's text format: {@code \N} for null, backslash, tab and line breaks escaped. */
    private static StringBuilder field(StringBuilder out, String s) {
        if (s == null) {
            return out.append("\\N");
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out;
    }

    /** The prediction in the {@link #COLUMNS} starting at column {@code from}, or null when they are empty (no row joined). */
    static PredictionRecord read(ResultSet rs, int from, Dialect d) throws SQLException {
        String version = rs.getString(from + 1);
        if (version == null) {
            return null;
        }
        double cp = rs.getDouble(from + 6);
        Double challenger = rs.wasNull() ? null : cp;
        return new PredictionRecord(rs.getString(from), version, rs.getDouble(from + 2), rs.getInt(from + 3), rs.getString(from + 4),
                rs.getString(from + 5), challenger, d.time(rs, from + 7), bins(rs.getString(from + 8)), rs.getString(from + 9), null);
    }

    /** Bins as a JSON array of integers ({@code [3,0,7]}), or null. */
    static String json(byte[] bins) {
        if (bins == null) {
            return null;
        }
        StringBuilder s = new StringBuilder(bins.length * 3 + 2).append('[');
        for (int i = 0; i < bins.length; i++) {
            s.append(i == 0 ? "" : ",").append(bins[i] & 0xFF);
        }
        return s.append(']').toString();
    }

    /**
     * Adds a logged prediction's bins (a JSON array, as either database writes it back) to
     * {@code counts}, one per input, when it has one bin per row of {@code counts} and each bin is
     * in its row's range; otherwise (another model shape, null) adds nothing.
     *
     * @param scratch room for the row's bins, {@code counts.length} long
     * @return whether the row was counted
     */
    static boolean addBins(String json, long[][] counts, int[] scratch) {
        int n = json == null ? -1 : ints(json, scratch);
        if (n != counts.length) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (scratch[k] >= counts[k].length) {
                return false;
            }
        }
        for (int k = 0; k < n; k++) {
            counts[k][scratch[k]]++;
        }
        return true;
    }

    /** The bins of a JSON array of integers 0–255 (as either database writes it back), or null. */
    static byte[] bins(String json) {
        if (json == null) {
            return null;
        }
        int[] values = new int[json.length() / 2 + 1];
        int n = ints(json, values);
        if (n < 0) {
            throw new IllegalStateException("logged bins are not a JSON array");
        }
        byte[] out = new byte[n];
        for (int k = 0; k < n; k++) {
            out[k] = (byte) values[k];
        }
        return out;
    }

    /**
     * Reads a JSON array of non-negative integers (up to 6 digits each, blanks allowed between
     * tokens) into {@code out}.
     *
     * @return how many it holds, or -1 when it is not such an array or holds more than {@code out.length}
     */
    private static int ints(String json, int[] out) {
        int len = json.length();
        int i = blank(json, 0);
        if (i >= len || json.charAt(i) != '[') {
            return -1;
        }
        i = blank(json, i + 1);
        int n = 0;
        if (i < len && json.charAt(i) == ']') {
            i++;
        } else {
            while (true) {
                int start = i;
                int value = 0;
                while (i < len && i - start < 6 && json.charAt(i) >= '0' && json.charAt(i) <= '9') {
                    value = value * 10 + json.charAt(i++) - '0';
                }
                if (i == start || n == out.length) {
                    return -1;
                }
                out[n++] = value;
                i = blank(json, i);
                char ch = i < len ? json.charAt(i) : 0;
                i = blank(json, i + 1);
                if (ch == ']') {
                    break;
                }
                if (ch != ',') {
                    return -1;
                }
            }
        }
        return blank(json, i) == len ? n : -1;
    }

    private static int blank(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
