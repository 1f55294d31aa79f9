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

    @Test
    void twoReplicasLoggingTheSameLeadsAtOnceWriteEachTierChangeOnce() throws Exception {
        TestPostgres pg = TestPostgres.shared();
        String location = pg.newDatabase("tier_changes");
        String[] tiers = {"cold", "warm", "hot"};
        try (FeedbackStore a = FeedbackStore.open(location); FeedbackStore b = FeedbackStore.open(location)) {
            List<FeedbackStore> stores = List.of(a, b);
            for (FeedbackStore s : stores) {
                s.routeTierChanges(new WebhookRouting(List.of("http://crm.example/hook"), java.util.Set.of()), null);
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    Random random = new Random(100 + writer);
                    for (int batch = 0; batch < 40; batch++) {
                        List<PredictionRecord> predictions = new ArrayList<>();
                        for (int i = 0; i < 100; i++) { // 30 leads shared by both writers: every batch overlaps the other's
                            int score = 1 + random.nextInt(99);
                            predictions.add(new PredictionRecord("lead-" + random.nextInt(30), "v1", score / 100.0, score,
                                    tiers[random.nextInt(3)], null, null, Instant.now()));
                        }
                        stores.get(writer).log(predictions);
                        if (batch % 4 == 0) {
                            stores.get(writer).flush();
                        }
                    }
                    stores.get(writer).flush();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertEquals(0, a.droppedPredictions() + b.droppedPredictions());
            // the changes the log implies, in the order it was written, against the events written beside it
            List<String> implied = new ArrayList<>();
            Map<String, String[]> last = new HashMap<>();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("tier_changes"), "postgres", ""); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT lead_id, tier, score FROM prediction_log ORDER BY id")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    String[] now = {rs.getString(2), rs.getString(3)};
                    String[] before = last.put(rs.getString(1), now);
                    if (before != null && !before[0].equals(now[0])) {
                        implied.add(rs.getString(1) + " " + before[0] + ">" + now[0] + " " + before[1] + ">" + now[1]);
                    }
                }
                assertEquals(8_000, rows);
            }
            List<String> written = new ArrayList<>();
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (WebhookOutbox.Delivery d : a.outbox().list(null, 100_000)) {
                var e = json.readTree(d.payload()).get("data");
                written.add(e.get("lead_id").asText() + " " + e.get("previous_tier").asText() + ">" + e.get("tier").asText() + " "
                        + e.get("previous_score").asInt() + ">" + e.get("score").asInt());
            }
            Collections.sort(implied);
            Collections.sort(written);
            assertTrue(implied.size() > 3_000, "most predictions change the tier: " + implied.size());
            List<String> missing = new ArrayList<>(implied);
            written.forEach(missing::remove);
            List<String> extra = new ArrayList<>(written);
            implied.forEach(extra::remove);
            assertEquals(List.of(), missing.subList(0, Math.min(5, missing.size())), missing.size() + " changes without an event");
            assertEquals(List.of(), extra.subList(0, Math.min(5, extra.size())), extra.size() + " events not in the log's order");
            assertEquals(implied.size(), written.size());
        }
    }
}
