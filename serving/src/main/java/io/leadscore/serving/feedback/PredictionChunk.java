package io.leadscore.serving.feedback;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * chunk := FORMAT:u8  rows:i32  words:i32  word:utf*  row*
 * row   := flags:u8  [lead_id:utf]  version:u16  probability:f64  score:u8  tier:u16
 *          epoch_second:i64  nano:i32  [challenger:u16  [challenger_probability:f64]]  [bins:u16 byte*]
 * </pre>
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
        List<String> words = new ArrayList<>();
        for (PredictionRecord p : rows) {
            if (p.score() < 0 || p.score() > 255) {
                throw new IllegalArgumentException("a logged score must lie in 0..255, got " + p.score());
            }
            word(p.modelVersion(), index, words);
            word(p.tier(), index, words);
            if (p.challengerVersion() != null) {
                word(p.challengerVersion(), index, words);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + rows.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(rows.size());
            out.writeInt(words.size());
            for (String w : words) {
                out.writeUTF(w);
            }
            for (PredictionRecord p : rows) {
                int flags = (p.leadId() != null ? LEAD : 0) | (p.challengerVersion() != null ? CHALLENGER : 0)
                        | (p.challengerProbability() != null ? CHALLENGER_PROBABILITY : 0) | (p.bins() != null ? BINS : 0);
                out.writeByte(flags);
                if (p.leadId() != null) {
                    out.writeUTF(p.leadId());
                }
                out.writeShort(index.get(p.modelVersion()));
                out.writeDouble(p.probability());
                out.writeByte(p.score());
                out.writeShort(index.get(p.tier()));
                out.writeLong(p.at().getEpochSecond());
                out.writeInt(p.at().getNano());
                if (p.challengerVersion() != null) {
                    out.writeShort(index.get(p.challengerVersion()));
                }
                if (p.challengerProbability() != null) {
                    out.writeDouble(p.challengerProbability());
                }
                if (p.bins() != null) {
                    out.writeShort(p.bins().length);
                    out.write(p.bins());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return bytes.toByteArray();
    }

    private static void word(String w, Map<String, Integer> index, List<String> words) {
        if (index.putIfAbsent(w, words.size()) == null) {
            words.add(w);
            if (words.size() > 0xFFFF) {
                throw new IllegalStateException("more than 65,535 distinct model versions and tiers in one chunk");
            }
        }
    }

    /** Receives the rows of a chunk one by one. */
    @FunctionalInterface
    interface RowVisitor {
        void visit(Row row);
    }

    /** Calls {@code visitor} with each row of a chunk, in order; the {@link Row} is reused between calls. */
    static void decode(byte[] chunk, RowVisitor visitor) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException("prediction log chunk of unknown format " + format);
            }
            int rows = in.readInt();
            String[] words = new String[in.readInt()];
            for (int i = 0; i < words.length; i++) {
                words[i] = in.readUTF();
            }
            Row row = new Row();
            for (int r = 0; r < rows; r++) {
                int flags = in.readUnsignedByte();
                row.leadId = (flags & LEAD) != 0 ? in.readUTF() : null;
                row.modelVersion = words[in.readUnsignedShort()];
                row.probability = in.readDouble();
                row.score = in.readUnsignedByte();
                row.tier = words[in.readUnsignedShort()];
                row.epochSecond = in.readLong();
                row.nano = in.readInt();
                row.challengerVersion = (flags & CHALLENGER) != 0 ? words[in.readUnsignedShort()] : null;
                row.challengerProbability = (flags & CHALLENGER_PROBABILITY) != 0 ? in.readDouble() : null;
                if ((flags & BINS) != 0) {
                    row.bins = new byte[in.readUnsignedShort()];
                    in.readFully(row.bins);
                } else {
                    row.bins = null;
                }
                visitor.visit(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException("a prediction log chunk is damaged: " + e.getMessage(), e);
        }
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
