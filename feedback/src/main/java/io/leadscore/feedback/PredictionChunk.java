package io.leadscore.feedback;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a run of logged predictions, stored as one row of the prediction log: the
 * model versions and tiers once per chunk (they repeat on every row), then each prediction in a few
 * dozen bytes. Writing a chunk of thousands of predictions is one SQLite insert, where a row per
 * prediction cost several microseconds each in the B-tree and its indexes.
 *
 * <pre>
 * chunk := FORMAT:u8  rows:i32  words:i32  word:str*  row*
 * row   := flags:u8  [lead_id:str]  version:u16  probability:f64  score:u8  tier:u16
 *          epoch_second:i64  nano:i32  [challenger:u16  [challenger_probability:f64]]  [bins:u16 byte*]
 * str   := length:u16  utf8-byte*
 * </pre>
 * (big-endian; {@code version}, {@code tier} and {@code challenger} index the chunk's words).
 */
final class PredictionChunk {
    private static final int FORMAT = 1;
    private static final int LEAD = 1;
    private static final int CHALLENGER = 2;
    private static final int CHALLENGER_PROBABILITY = 4;
    private static final int BINS = 8;

    private PredictionChunk() {
    }

    /** The predictions as one chunk, in order. */
    static byte[] encode(List<PredictionRecord> rows) {
        Map<String, Integer> index = new HashMap<>();
        List<byte[]> words = new ArrayList<>();
        byte[][] leads = new byte[rows.size()][];
        int size = 1 + 4 + 4;
        for (int r = 0; r < rows.size(); r++) {
            PredictionRecord p = rows.get(r);
            if (p.score() < 0 || p.score() > 255) {
                throw new IllegalArgumentException("a logged score must lie in 0..255, got " + p.score());
            }
            size += word(p.modelVersion(), index, words) + word(p.tier(), index, words) + 1 + 2 + 8 + 1 + 2 + 8 + 4;
            if (p.leadId() != null) {
                leads[r] = utf8(p.leadId());
                size += 2 + leads[r].length;
            }
            if (p.challengerVersion() != null) {
                size += word(p.challengerVersion(), index, words) + 2;
            }
            if (p.challengerProbability() != null) {
                size += 8;
            }
            if (p.bins() != null) {
                size += 2 + p.bins().length;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put((byte) FORMAT).putInt(rows.size()).putInt(words.size());
        for (byte[] w : words) {
            out.putShort((short) w.length).put(w);
        }
        for (int r = 0; r < rows.size(); r++) {
            PredictionRecord p = rows.get(r);
            int flags = (p.leadId() != null ? LEAD : 0) | (p.challengerVersion() != null ? CHALLENGER : 0)
                    | (p.challengerProbability() != null ? CHALLENGER_PROBABILITY : 0) | (p.bins() != null ? BINS : 0);
            out.put((byte) flags);
            if (leads[r] != null) {
                out.putShort((short) leads[r].length).put(leads[r]);
            }
            out.putShort((short) (int) index.get(p.modelVersion()))
                    .putDouble(p.probability())
                    .put((byte) p.score())
                    .putShort((short) (int) index.get(p.tier()))
                    .putLong(p.at().getEpochSecond())
                    .putInt(p.at().getNano());
            if (p.challengerVersion() != null) {
                out.putShort((short) (int) index.get(p.challengerVersion()));
            }
            if (p.challengerProbability() != null) {
                out.putDouble(p.challengerProbability());
            }
            if (p.bins() != null) {
                out.putShort((short) p.bins().length).put(p.bins());
            }
        }
        return out.array();
    }

    /** A string's UTF-8 bytes, at most 65,535 of them. */
    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("a logged string is longer than 65,535 bytes");
        }
        return b;
    }

    /** Adds a string to the chunk's words if new; the bytes it adds to the chunk. */
    private static int word(String w, Map<String, Integer> index, List<byte[]> words) {
        if (index.containsKey(w)) {
            return 0;
        }
        if (words.size() == 0xFFFF) {
            throw new IllegalStateException("more than 65,535 distinct model versions and tiers in one chunk");
        }
        index.put(w, words.size());
        byte[] b = utf8(w);
        words.add(b);
        return 2 + b.length;
    }

    /** Receives the rows of a chunk one by one. */
    @FunctionalInterface
    interface RowVisitor {
        void visit(Row row);
    }

    /** Calls {@code visitor} with each row of a chunk, in order; the {@link Row} is reused between calls. */
    static void decode(byte[] chunk, RowVisitor visitor) {
        try {
            ByteBuffer in = ByteBuffer.wrap(chunk);
            int format = in.get() & 0xFF;
            if (format != FORMAT) {
                throw new IllegalStateException("prediction log chunk of unknown format " + format);
            }
            int rows = in.getInt();
            String[] words = new String[in.getInt()];
            for (int i = 0; i < words.length; i++) {
                words[i] = string(in);
            }
            Row row = new Row();
            for (int r = 0; r < rows; r++) {
                int flags = in.get() & 0xFF;
                row.leadId = (flags & LEAD) != 0 ? string(in) : null;
                row.modelVersion = words[in.getShort() & 0xFFFF];
                row.probability = in.getDouble();
                row.score = in.get() & 0xFF;
                row.tier = words[in.getShort() & 0xFFFF];
                row.epochSecond = in.getLong();
                row.nano = in.getInt();
                row.challengerVersion = (flags & CHALLENGER) != 0 ? words[in.getShort() & 0xFFFF] : null;
                row.challengerProbability = (flags & CHALLENGER_PROBABILITY) != 0 ? in.getDouble() : null;
                if ((flags & BINS) != 0) {
                    row.bins = new byte[in.getShort() & 0xFFFF];
                    in.get(row.bins);
                } else {
                    row.bins = null;
                }
                visitor.visit(row);
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("a prediction log chunk is damaged", e);
        }
    }

    private static String string(ByteBuffer in) {
        int n = in.getShort() & 0xFFFF;
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /** One decoded prediction; fields are overwritten by the next row. */
    static final class Row {
        String leadId;
        String modelVersion;
        double probability;
        int score;
        String tier;
        long epochSecond;
        int nano;
        String challengerVersion;
        Double challengerProbability;
        byte[] bins;

        /** Whether it was made at or after {@code t}. */
        boolean atOrAfter(Instant t) {
            return epochSecond > t.getEpochSecond() || (epochSecond == t.getEpochSecond() && nano >= t.getNano());
        }

        Instant at() {
            return Instant.ofEpochSecond(epochSecond, nano);
        }

        PredictionRecord record() {
            return new PredictionRecord(leadId, modelVersion, probability, score, tier, challengerVersion, challengerProbability, at(), bins);
        }
    }
}
