package io.leadscore.feedback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The content of {@code fixtures/release-chunks.db}: a feedback store written by the release that
 * kept the prediction log as binary chunks in SQLite BLOBs (commit c938465's classes, run once). The
 * same seeded draws give back the rows the file must hold.
 */
final class ReleaseFixture {
    static final String RESOURCE = "/fixtures/release-chunks.db";
    /** Chunks as they were flushed (each one row of {@code prediction_chunks}). */
    static final int[] CHUNKS = {250, 1, 300, 49};

    private ReleaseFixture() {
    }

    /** The logged predictions, in the order logged. */
    static List<PredictionRecord> predictions() {
        Random random = new Random(2026);
        Instant start = Instant.parse("2026-11-28T22:00:00.123456789Z");
        List<PredictionRecord> out = new ArrayList<>();
        for (int n : CHUNKS) {
            for (int i = 0; i < n; i++) {
                boolean challenger = random.nextInt(3) == 0;
                byte[] bins = random.nextInt(5) == 0 ? null : new byte[] {(byte) random.nextInt(10), (byte) random.nextInt(2), (byte) random.nextInt(4)};
                double p = random.nextDouble();
                out.add(new PredictionRecord(random.nextInt(8) == 0 ? null : "lead-" + random.nextInt(200), random.nextInt(4) == 0 ? "v6" : "v7",
                        p, 1 + (int) Math.round(p * 98), p > 0.7 ? "hot" : p > 0.3 ? "warm" : "cold",
                        challenger ? "v8" : null, challenger && random.nextBoolean() ? random.nextDouble() : null,
                        start.plusNanos(random.nextLong(4L * 86_400_000_000_000L)), bins));
            }
        }
        return out;
    }

    /** The recorded outcomes, in the order recorded. */
    static List<Outcome> outcomes() {
        Random random = new Random(7);
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Instant at = Instant.parse("2026-11-29T00:00:00Z").plusMillis(random.nextLong(4L * 86_400_000L));
            out.add(new Outcome("crm-" + i, "lead-" + random.nextInt(200), random.nextBoolean(), at.toString(),
                    random.nextBoolean() ? null : Math.round(random.nextDouble() * 100_000) / 100.0));
        }
        return out;
    }
}
