package io.leadscore.feedback;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The binary form in which earlier releases kept runs of logged predictions, one SQLite BLOB per
 * run ({@code prediction_chunks}); read only to move a file of those releases to plain rows
 * ({@link ReleaseRowsMigration}). The model versions and tiers come once per chunk, then each
 * prediction in a few dozen bytes.
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

        Instant at() {
            return Instant.ofEpochSecond(epochSecond, nano);
        }

        PredictionRecord record() {
            return new PredictionRecord(leadId, modelVersion, probability, score, tier, challengerVersion, challengerProbability, at(), bins);
        }
    }
}
