package io.leadscore.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Several servers on one PostgreSQL store, and the database going away and coming back. */
class SharedPostgresStoreTest {
    private record Op(int store, Outcome outcome) {
    }

    @Test
    void twoReplicasStoreEachOutcomeExactlyOnceAndAgreeOnTheFigures() throws Exception {
        String location = TestPostgres.shared().newDatabase("replicas");
        Random random = new Random(42);
        Instant t0 = Instant.parse("2026-11-20T00:00:00Z");
        List<List<Op>> byStore = List.of(new ArrayList<>(), new ArrayList<>());
        Map<String, List<Outcome>> sent = new HashMap<>();
        int repeats = 0;
        int conflicts = 0;
        for (int i = 0; i < 2_000; i++) {
            Outcome o = new Outcome("crm-" + i, "lead-" + random.nextInt(800), random.nextBoolean(),
                    t0.plusSeconds(random.nextInt(14 * 86_400)).toString(), random.nextBoolean() ? null : (double) random.nextInt(50_000));
            int store = random.nextInt(2);
            byStore.get(store).add(new Op(store, o));
            sent.computeIfAbsent(o.outcomeId(), k -> new ArrayList<>()).add(o);
            if (random.nextInt(10) == 0) { // repeated on the other replica, as a CRM retrying through the load balancer
                byStore.get(1 - store).add(new Op(1 - store, o));
                sent.get(o.outcomeId()).add(o);
                repeats++;
            } else if (random.nextInt(50) == 0) { // the id reused for other values
                Outcome other = new Outcome(o.outcomeId(), o.leadId(), !o.converted(), o.at(), o.dealValue());
                byStore.get(1 - store).add(new Op(1 - store, other));
                sent.get(o.outcomeId()).add(other);
                conflicts++;
            }
        }
        Collections.shuffle(byStore.get(0), random);
        Collections.shuffle(byStore.get(1), random);
        try (FeedbackStore a = FeedbackStore.open(location); FeedbackStore b = FeedbackStore.open(location)) {
            List<FeedbackStore> stores = List.of(a, b);
            for (int i = 0; i < 3_000; i++) { // predictions through both, made before and after the outcomes
                stores.get(i % 2).log(new PredictionRecord("lead-" + random.nextInt(800), i % 3 == 0 ? "v6" : "v7", random.nextDouble(), 50, "warm",
                        null, null, t0.plusSeconds(random.nextInt(14 * 86_400) - 86_400), new byte[] {(byte) random.nextInt(4), (byte) random.nextInt(3)}));
            }
            assertTrue(a.flush() && b.flush());
            Map<String, List<FeedbackStore.Recorded>> answers = new HashMap<>();
            Map<String, Outcome> firstNew = new HashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (List<Op> ops : byStore) {
                    running.add(pool.submit(() -> {
                        for (Op op : ops) {
                            FeedbackStore.Recorded r = stores.get(op.store()).record(op.outcome());
                            synchronized (answers) {
                                answers.computeIfAbsent(op.outcome().outcomeId(), k -> new ArrayList<>()).add(r);
                                if (r == FeedbackStore.Recorded.NEW) {
                                    firstNew.put(op.outcome().outcomeId(), op.outcome());
                                }
                            }
                        }
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            long duplicates = answers.values().stream().flatMap(List::stream).filter(r -> r == FeedbackStore.Recorded.DUPLICATE).count();
            long conflicting = answers.values().stream().flatMap(List::stream).filter(r -> r == FeedbackStore.Recorded.CONFLICT).count();
            for (Map.Entry<String, List<FeedbackStore.Recorded>> e : answers.entrySet()) {
                assertEquals(1, e.getValue().stream().filter(r -> r == FeedbackStore.Recorded.NEW).count(), "exactly one NEW for " + e.getKey());
            }
            assertEquals(repeats, duplicates, "every repeat answers already recorded");
            assertEquals(conflicts, conflicting, "every reuse with other values answers conflict");
            assertTrue(repeats > 150 && conflicts > 10, repeats + " repeats, " + conflicts + " conflicts");

            List<Outcome> stored = a.outcomes();
            assertEquals(2_000, stored.size(), "each outcome stored once");
            for (Outcome o : stored) {
                assertEquals(firstNew.get(o.outcomeId()), o, "stored as first recorded");
            }
            try (Connection c = DriverManager.getConnection(TestPostgres.shared().jdbcUrl("replicas"), "postgres", "");
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT outcome_id) FROM outcomes")) {
                rs.next();
                assertEquals(2_000, rs.getLong(1));
                assertEquals(2_000, rs.getLong(2));
            }

            // the figures of the live panel, computed by the database, are the same from either replica
            assertArrayEquals(a.outcomeCounts(), b.outcomeCounts());
            assertEquals(LiveFigures.auc(a.scoredOutcomes()), LiveFigures.auc(b.scoredOutcomes()));
            assertFalse(Double.isNaN(LiveFigures.auc(a.scoredOutcomes())));
            assertEquals(a.predictionsPerDay(), b.predictionsPerDay());
            assertEquals(3_000L, a.predictionsPerDay().values().stream().mapToLong(Long::longValue).sum());
            long[][] ca = {new long[4], new long[3]};
            long[][] cb = {new long[4], new long[3]};
            assertEquals(a.countBins("v7", t0, ca), b.countBins("v7", t0, cb));
            assertArrayEquals(ca[0], cb[0]);
            assertArrayEquals(ca[1], cb[1]);
        }
    }

    @Test
    void theDatabaseGoingAwayNeitherBlocksLoggingNorLosesWhatFitsTheBuffer() throws Exception {
        try (TestPostgres pg = TestPostgres.own()) {
            String location = pg.newDatabase("outage");
            Instant t = Instant.parse("2026-12-01T00:00:00Z");
            try (FeedbackStore s = FeedbackStore.open(location, 3_000)) {
                logBatches(s, t, 50); // 500 while up
                assertEquals(FeedbackStore.Recorded.NEW, s.record(new Outcome("before", "L1", true, t.toString(), null)));
                assertTrue(s.flush());
                assertTrue(s.health().ok());

                pg.stop();
                Outcome during = new Outcome("during", "L2", false, t.toString(), null);
                assertThrows(StoreUnavailableException.class, () -> s.record(during));
                assertFalse(s.health().ok());
                assertFalse(s.health().degraded().isEmpty(), "it says what is degraded");
                long slowest = logBatches(s, t, 200); // 2,000: within the buffer of 3,000
                assertFalse(s.flush(), "nothing can be written");
                slowest = Math.max(slowest, logBatches(s, t, 200)); // 2,000 more: 1,000 fit, 1,000 dropped
                assertTrue(slowest < 50_000_000L, "log() returned at once while the database was down: slowest " + slowest + " ns");
                assertEquals(3_000, s.bufferedPredictions());
                assertEquals(1_000, s.droppedPredictions());
                assertThrows(StoreUnavailableException.class, () -> s.outcomes(), "reads say so too");
                Thread.sleep(2_000);

                pg.start();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (s.bufferedPredictions() > 0 && System.nanoTime() < deadline) { // nobody calls the store: the writer resumes alone
                    Thread.sleep(100);
                }
                assertEquals(0, s.bufferedPredictions(), "the buffered rows are written once the database is back");
                assertTrue(s.health().ok(), String.valueOf(s.health()));
                assertEquals(FeedbackStore.Recorded.NEW, s.record(during), "outcomes are taken again, without a restart");
                assertEquals(FeedbackStore.Recorded.DUPLICATE, s.record(new Outcome("before", "L1", true, t.toString(), null)));
                logBatches(s, t, 10);
                assertEquals(500 + 3_000 + 100, s.predictions().size(), "everything but the dropped 1,000");
                assertEquals(1_000, s.droppedPredictions());
            }
        }
    }

    /** Logs {@code batches} batches of 10 predictions; the slowest call in nanoseconds. */
    private static long logBatches(FeedbackStore s, Instant t, int batches) {
        long slowest = 0;
        for (int i = 0; i < batches; i++) {
            List<PredictionRecord> batch = new ArrayList<>();
            for (int j = 0; j < 10; j++) {
                batch.add(new PredictionRecord("L" + j, "v1", 0.5, 50, "warm", null, null, t.plusSeconds(i), new byte[] {1}));
            }
            long start = System.nanoTime();
            s.log(batch);
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        return slowest;
    }
}
