package io.leadscore.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a feedback store does, on either database: {@link FeedbackStoreTest} runs these on SQLite,
 * {@link PostgresFeedbackStoreTest} on a real PostgreSQL.
 */
abstract class StoreContractTest {
    @TempDir
    Path dir;

    /** The location of the store called {@code name} in this test (the same for the same name). */
    abstract String location(String name) throws Exception;

    /** A time as the database keeps it (PostgreSQL: microseconds). */
    abstract Instant stored(Instant t);

    FeedbackStore open(String name) throws Exception {
        return FeedbackStore.open(location(name));
    }

    @Test
    void outcomesAreIdempotentByIdAndSurviveReopening() throws Exception {
                Outcome won = new Outcome("o-1", "L1", true, "2026-01-02T03:04:05Z", 1200.0);
        try (FeedbackStore s = open("feedback.db")) {
            assertEquals(FeedbackStore.Recorded.NEW, s.record(won));
            assertEquals(FeedbackStore.Recorded.DUPLICATE, s.record(won));
            assertEquals(FeedbackStore.Recorded.CONFLICT, s.record(new Outcome("o-1", "L1", false, "2026-01-02T03:04:05Z", null)));
            assertEquals(FeedbackStore.Recorded.NEW, s.record(new Outcome("o-2", "L2", false, "2026-01-03T00:00:00Z", null)));
        }
        try (FeedbackStore s = open("feedback.db")) {
            assertEquals(won, s.outcome("o-1"));
            assertNull(s.outcome("o-3"));
            assertArrayEquals(new long[] {1, 1}, s.outcomeCounts());
            assertEquals(2, s.outcomes().size());
        }
    }

    @Test
    void everyLoggedPredictionIsWrittenByCloseOrFlush() throws Exception {
                try (FeedbackStore s = open("feedback.db")) {
            for (int i = 0; i < 5_000; i++) {
                s.log(new PredictionRecord("L" + i, "v1", i / 5_000.0, 1 + i % 99, "warm", i % 2 == 0 ? "v2" : null, i % 2 == 0 ? 0.5 : null, Instant.parse("2026-01-01T00:00:00Z")));
            }
            s.flush();
            assertEquals(5_000, s.predictions().size());
            s.log(new PredictionRecord(null, "v1", 0.1, 10, "cold", null, null, Instant.parse("2026-01-01T00:00:01Z")));
        }
        try (FeedbackStore s = open("feedback.db")) {
            var all = s.predictions();
            assertEquals(5_001, all.size());
            assertEquals("v2", all.get(0).challengerVersion());
            assertNull(all.get(1).challengerProbability());
            assertNull(all.get(5_000).leadId());
        }
    }

    @Test
    void everyKindOfPredictionComesBackAsLoggedInOrderAcrossChunks() throws Exception {
                Random random = new Random(7);
        List<PredictionRecord> logged = new ArrayList<>();
        Instant start = Instant.parse("2026-03-01T00:00:00.123456789Z");
        for (int i = 0; i < 3 * PredictionWriter.BATCH + 17; i++) {
            boolean challenger = random.nextBoolean();
            byte[] bins = random.nextInt(4) == 0 ? null : new byte[] {(byte) random.nextInt(10), (byte) 255, 0};
            logged.add(new PredictionRecord(random.nextInt(5) == 0 ? null : "lead-" + random.nextInt(1000) + "-ü",
                    "model-" + random.nextInt(3), random.nextDouble(), 1 + random.nextInt(99), random.nextBoolean() ? "hot" : "cold",
                    challenger ? "challenger-" + random.nextInt(2) : null, challenger && random.nextBoolean() ? random.nextDouble() : null,
                    start.plusNanos(random.nextLong(86_400_000_000_000L)), bins));
        }
        int half = logged.size() / 2;
        try (FeedbackStore s = open("feedback.db")) {
            // from two threads at once, as the request threads do
            List<List<PredictionRecord>> parts = List.of(logged.subList(0, half), logged.subList(half, logged.size()));
            parts.parallelStream().forEach(part -> part.forEach(s::log));
        }
        try (FeedbackStore s = open("feedback.db")) {
            List<PredictionRecord> back = s.predictions();
            assertEquals(logged.size(), back.size());
            // each thread's predictions keep their order; every field comes back exactly
            for (List<PredictionRecord> part : List.of(logged.subList(0, half), logged.subList(half, logged.size()))) {
                int at = 0;
                for (PredictionRecord p : back) {
                    if (at < part.size() && same(part.get(at), p)) {
                        at++;
                    }
                }
                assertEquals(part.size(), at, "every prediction, in its thread's order");
            }
        }
    }

    private boolean same(PredictionRecord a, PredictionRecord b) {
        return java.util.Objects.equals(a.leadId(), b.leadId()) && a.modelVersion().equals(b.modelVersion())
                && a.probability() == b.probability() && a.score() == b.score() && a.tier().equals(b.tier())
                && java.util.Objects.equals(a.challengerVersion(), b.challengerVersion())
                && java.util.Objects.equals(a.challengerProbability(), b.challengerProbability()) && stored(a.at()).equals(b.at())
                && java.util.Arrays.equals(a.bins(), b.bins());
    }

    @Test
    void eachOutcomeIsJudgedByTheLatestPredictionMadeAtOrBeforeIt() throws Exception {
                try (FeedbackStore s = open("feedback.db")) {
            s.log(prediction("A", 0.2, "2026-01-01T00:00:00Z"));
            s.log(prediction("A", 0.6, "2026-01-03T00:00:00Z"));
            s.log(prediction("A", 0.9, "2026-01-05T00:00:00Z")); // after both outcomes
            s.log(prediction("B", 0.3, "2026-01-02T00:00:00Z"));
            s.log(prediction("B", 0.4, "2026-01-02T00:00:00Z")); // same time, logged later: this one
            s.log(prediction("C", 0.5, "2026-01-09T00:00:00Z")); // only after its outcome
            s.log(prediction(null, 0.7, "2026-01-01T00:00:00Z"));
            s.record(new Outcome("o-a1", "A", false, "2026-01-02T00:00:00Z", null));
            s.record(new Outcome("o-a2", "A", true, "2026-01-03T00:00:00Z", 500.0));
            s.record(new Outcome("o-b", "B", true, "2026-01-04T00:00:00Z", null));
            s.record(new Outcome("o-c", "C", false, "2026-01-04T00:00:00Z", null));
            s.record(new Outcome("o-d", "D", false, "2026-01-04T00:00:00Z", null));

            List<FeedbackStore.ScoredOutcome> scored = s.scoredOutcomes();
            assertEquals(List.of("o-a1", "o-a2", "o-b", "o-c", "o-d"), scored.stream().map(o -> o.outcome().outcomeId()).toList());
            assertEquals(0.2, scored.get(0).prediction().probability());
            assertEquals(0.6, scored.get(1).prediction().probability(), "a prediction made at the outcome's own time counts");
            assertEquals(0.4, scored.get(2).prediction().probability());
            assertNull(scored.get(3).prediction(), "a prediction made after the outcome does not judge it");
            assertNull(scored.get(4).prediction(), "a lead never scored");

            Map<String, Double> latest = new java.util.HashMap<>();
            s.latestPredictions().forEach(p -> latest.put(p.leadId(), p.probability()));
            assertEquals(Map.of("A", 0.9, "B", 0.4, "C", 0.5), latest);
        }
    }

    @Test
    void predictionsAreCountedPerUtcDayAlsoWhenAChunkSpansMidnight() throws Exception {
                try (FeedbackStore s = open("feedback.db")) {
            IntStream.range(0, 3).forEach(i -> s.log(prediction("A" + i, 0.1, "2026-02-01T12:00:00Z")));
            s.flush(); // a chunk within one day
            s.log(prediction("B", 0.1, "2026-02-01T23:59:59.999Z"));
            s.log(prediction("C", 0.1, "2026-02-02T00:00:00Z"));
            s.log(prediction("D", 0.1, "2026-01-31T23:59:59Z"));
            s.flush(); // a chunk over three days
            assertEquals(Map.of("2026-01-31", 1L, "2026-02-01", 4L, "2026-02-02", 1L), s.predictionsPerDay());
            assertEquals(List.of("2026-01-31", "2026-02-01", "2026-02-02"), List.copyOf(s.predictionsPerDay().keySet()), "oldest first");
        }
    }

    private static PredictionRecord prediction(String lead, double p, String at) {
        return new PredictionRecord(lead, "v1", p, (int) Math.round(p * 98) + 1, "warm", null, null, Instant.parse(at));
    }
    @Test
    void theDriftWindowsRunningSumEqualsAddingUpEveryRowInTheWindow() throws Exception {
        // Chunks of seeded predictions (times out of order within and across chunks, two versions,
        // rows without bins or of another shape, rows in the same millisecond); the window's start
        // mostly moves forward, sometimes stays, lands exactly on a prediction's time, moves back, or
        // the version or shape changes.
        // Every count equals adding up every row the window holds.
        Random random = new Random(23);
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        List<PredictionRecord> all = new ArrayList<>();
        Instant since = t0.minusSeconds(300);
        String version = "v1";
        int[] shape = {3, 2};
        try (FeedbackStore s = open("drift.db")) {
            for (int step = 0; step < 150; step++) {
                List<PredictionRecord> chunk = new ArrayList<>();
                for (int r = 1 + random.nextInt(30); r > 0; r--) {
                    Instant at = !chunk.isEmpty() && random.nextInt(3) == 0
                            ? chunk.get(chunk.size() - 1).at().truncatedTo(ChronoUnit.MILLIS).plusNanos(random.nextInt(1_000_000)) // the same millisecond
                            : t0.plusMillis(step * 20_000L + random.nextInt(120_000) - 60_000).plusNanos(random.nextInt(1_000_000));
                    byte[] bins = switch (random.nextInt(12)) {
                        case 0 -> null;
                        case 1 -> new byte[] {0};
                        case 2 -> new byte[] {5, 0};
                        default -> new byte[] {(byte) random.nextInt(3), (byte) random.nextInt(2)};
                    };
                    chunk.add(new PredictionRecord("L" + all.size(), random.nextInt(4) == 0 ? "v2" : "v1", 0.5, 50, "warm", null, null, at, bins));
                    all.add(chunk.get(chunk.size() - 1));
                }
                s.log(chunk);
                if (random.nextInt(3) > 0) {
                    s.flush(); // else the next flush writes two steps' predictions as one chunk
                }
                switch (random.nextInt(12)) {
                    case 0 -> since = since.minusMillis(random.nextInt(60_000));
                    case 1 -> version = version.equals("v1") ? "v2" : "v1";
                    case 2 -> shape = shape.length == 2 ? new int[] {3, 2, 4} : new int[] {3, 2};
                    case 3, 4 -> { } // the same start
                    case 5 -> {
                        Instant at = all.get(random.nextInt(all.size())).at();
                        since = at.isAfter(since) ? at : since; // exactly a prediction's time
                    }
                    default -> since = since.plusMillis(random.nextInt(30_000)).plusNanos(random.nextInt(1_000_000));
                }
                assertCountsEveryRow(s, all, version, since, shape, "step " + step);
            }
        }
    }

    /**
     * The same over days: whole hours are kept between calls ({@link DriftCounts}), so the window
     * moving on by minutes or hours, back a little, and rows logged late into kept hours (a writer
     * catching up) must still give what adding up every row in the window gives.
     */
    @Test
    void theDriftCountsKeptByTheHourEqualAddingUpEveryRow() throws Exception {
        Random random = new Random(31);
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        List<PredictionRecord> all = new ArrayList<>();
        int[] shape = {3, 2};
        try (FeedbackStore s = open("drift-hours.db")) {
            Instant since = t0;
            for (int step = 0; step < 120; step++) {
                Instant now = t0.plus(Duration.ofMinutes(25L * step));
                List<PredictionRecord> chunk = new ArrayList<>();
                for (int r = 1 + random.nextInt(40); r > 0; r--) {
                    Instant at = random.nextInt(15) == 0
                            ? now.minus(Duration.ofMinutes(60 + random.nextInt(24 * 60))) // logged late, into an hour long past
                            : now.minusSeconds(random.nextInt(600)).plusNanos(random.nextInt(1_000_000));
                    byte[] bins = random.nextInt(20) == 0 ? new byte[] {7, 0} : new byte[] {(byte) random.nextInt(3), (byte) random.nextInt(2)};
                    chunk.add(new PredictionRecord("L" + all.size(), random.nextInt(5) == 0 ? "v2" : "v1", 0.5, 50, "warm", null, null, at, bins));
                    all.add(chunk.get(chunk.size() - 1));
                }
                s.log(chunk);
                since = switch (random.nextInt(10)) {
                    case 0 -> since.minus(Duration.ofMinutes(random.nextInt(180))); // back a little
                    case 1 -> since.truncatedTo(ChronoUnit.HOURS); // exactly on an hour
                    default -> now.minus(Duration.ofHours(30)).isAfter(since)
                            ? now.minus(Duration.ofHours(30)).plusMillis(random.nextInt(3_600_000)) : since.plusMillis(random.nextInt(1_800_000));
                };
                assertCountsEveryRow(s, all, random.nextInt(4) == 0 ? "v2" : "v1", since, shape, "step " + step);
            }
        }
    }

    /** Asserts that the store's drift counts equal adding up every row of {@code all} in the window. */
    private void assertCountsEveryRow(FeedbackStore s, List<PredictionRecord> all, String version, Instant since, int[] shape, String at) {
        long[][] counts = new long[shape.length][];
        long[][] expected = new long[shape.length][];
        for (int i = 0; i < shape.length; i++) {
            counts[i] = new long[shape[i]];
            expected[i] = new long[shape[i]];
        }
        long n = s.countBins(version, since, counts);
        long expectedN = 0;
        for (PredictionRecord p : all) {
            byte[] b = p.bins();
            if (p.modelVersion().equals(version) && !stored(p.at()).isBefore(stored(since)) && b != null && b.length == shape.length
                    && IntStream.range(0, b.length).allMatch(i -> (b[i] & 0xFF) < expected[i].length)) {
                for (int i = 0; i < b.length; i++) {
                    expected[i][b[i] & 0xFF]++;
                }
                expectedN++;
            }
        }
        assertEquals(expectedN, n, at);
        for (int i = 0; i < shape.length; i++) {
            assertArrayEquals(expected[i], counts[i], at + ", input " + i);
        }
    }
    @Test
    void aWindowStartingInsideAMillisecondCountsOnlyThePredictionsAtOrAfterIt() throws Exception {
        Instant ms = Instant.parse("2026-03-01T12:00:00.007Z");
        try (FeedbackStore s = open("edge.db")) {
            s.log(List.of(
                    new PredictionRecord("L1", "v1", 0.5, 50, "warm", null, null, ms.plusNanos(100_000), new byte[] {0}),
                    new PredictionRecord("L2", "v1", 0.5, 50, "warm", null, null, ms.plusNanos(900_000), new byte[] {1}),
                    new PredictionRecord("L3", "v1", 0.5, 50, "warm", null, null, ms.plusSeconds(1), new byte[] {2})));
            long[][] counts = {new long[3]};
            assertEquals(3, s.countBins("v1", ms.minusSeconds(1), counts), "the whole chunk, in the running sum");
            counts = new long[][] {new long[3]};
            assertEquals(2, s.countBins("v1", ms.plusNanos(500_000), counts), "the start moved into the chunk's first millisecond");
            assertArrayEquals(new long[] {0, 1, 1}, counts[0]);
            counts = new long[][] {new long[3]};
            assertEquals(2, s.countBins("v1", ms.plusNanos(900_000), counts), "a start exactly on a prediction counts it");
        }
        try (FeedbackStore s = open("edge.db")) {
            long[][] counts = {new long[3]};
            assertEquals(2, s.countBins("v1", ms.plusNanos(500_000), counts), "a new window starting there");
            assertArrayEquals(new long[] {0, 1, 1}, counts[0]);
        }
    }

    private static PredictionRecord scored(String lead, String tier, int score, String at) {
        return new PredictionRecord(lead, "v1", score / 100.0, score, tier, null, null, Instant.parse(at), null, null,
                List.of(new io.leadscore.model.Reason("demo_requested", true, 0.5, "Whether the lead requested a demo")));
    }

    @Test
    void tierChangesBecomeOneOutboxRowPerEndpointInTheLogsTransaction() throws Exception {
        try (FeedbackStore s = open("tiers.db")) {
            s.log(scored("L1", "warm", 40, "2026-01-01T00:00:00Z")); // logged before webhooks: still the previous prediction
            s.flush();
            int[] signals = new int[1];
            s.routeTierChanges(new WebhookRouting(List.of("http://a.example/hook", "http://b.example/hook"), java.util.Set.of()),
                    () -> signals[0]++);
            s.log(List.of(scored("L1", "warm", 45, "2026-01-01T00:01:00Z"), // same tier: nothing
                    scored("L2", "cold", 10, "2026-01-01T00:01:00Z"),        // first prediction of L2: nothing
                    scored("L1", "hot", 85, "2026-01-01T00:02:00Z"),         // warm -> hot
                    scored(null, "hot", 90, "2026-01-01T00:02:00Z")));       // no lead id: nothing
            s.flush();
            s.log(List.of(scored("L2", "warm", 30, "2026-01-01T00:03:00Z"),   // cold -> warm
                    scored("L2", "warm", 31, "2026-01-01T00:03:01Z")));      // same tier: nothing
            s.flush();
            List<WebhookOutbox.Delivery> rows = s.outbox().list(null, 100);
            assertEquals(4, rows.size(), rows.toString());
            assertEquals(2, signals[0], "the dispatcher is signalled after each batch with events");
            WebhookOutbox.Delivery l1 = rows.stream().filter(r -> r.leadId().equals("L1") && r.endpoint().startsWith("http://a.")).findFirst().orElseThrow();
            var event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(l1.payload());
            assertEquals("lead.tier_changed", event.get("type").asText());
            assertEquals("warm", event.at("/data/previous_tier").asText());
            assertEquals("hot", event.at("/data/tier").asText());
            assertEquals(45, event.at("/data/previous_score").asInt());
            assertEquals(85, event.at("/data/score").asInt());
            assertEquals("demo_requested", event.at("/data/reasons/0/feature").asText());
            assertEquals("2026-01-01T00:02:00Z", event.at("/data/predicted_at").asText());
            assertEquals(WebhookOutbox.PENDING, l1.status());
            assertEquals(2, rows.stream().filter(r -> r.eventId().equals(l1.eventId())).count(), "one event id for both endpoints");
            assertEquals(Map.of("pending", 4L, "delivered", 0L, "failed", 0L), s.outbox().counts());

            s.routeTierChanges(new WebhookRouting(List.of("http://a.example/hook"), java.util.Set.of("hot")), null);
            s.log(List.of(scored("L2", "hot", 80, "2026-01-01T00:04:00Z"), scored("L2", "cold", 8, "2026-01-01T00:05:00Z")));
            s.flush();
            assertEquals(5, s.outbox().list(null, 100).size(), "only the change into hot");
        }
    }

    @Test
    void aClaimLeasesDueDeliveriesUntilTheyAreRecorded() throws Exception {
        try (FeedbackStore s = open("claims.db")) {
            List<String> endpoints = List.of("http://a.example/hook");
            s.routeTierChanges(new WebhookRouting(endpoints, java.util.Set.of()), null);
            s.log(List.of(scored("L1", "warm", 40, "2026-01-01T00:00:00Z"), scored("L1", "hot", 90, "2026-01-01T00:01:00Z"),
                    scored("L1", "warm", 50, "2026-01-01T00:02:00Z")));
            s.flush();
            Instant now = Instant.now().plusSeconds(1);
            java.time.Duration lease = java.time.Duration.ofMinutes(1);
            assertEquals(List.of(), s.outbox().claim(List.of("http://other.example/"), 10, lease, now), "only its own endpoints");
            List<WebhookOutbox.Delivery> claimed = s.outbox().claim(endpoints, 10, lease, now);
            assertEquals(2, claimed.size());
            assertEquals(List.of(), s.outbox().claim(endpoints, 10, lease, now.plusSeconds(30)), "leased");
            s.outbox().delivered(claimed.get(0).id(), 1, now);
            s.outbox().attemptFailed(claimed.get(1).id(), 1, "HTTP 503", now.plusSeconds(2));
            List<WebhookOutbox.Delivery> again = s.outbox().claim(endpoints, 10, lease, now.plusSeconds(3));
            assertEquals(1, again.size());
            assertEquals("HTTP 503", again.get(0).lastError());
            assertEquals(1, again.get(0).attempts());
            s.outbox().attemptFailed(again.get(0).id(), 2, "HTTP 503", null);
            assertEquals(WebhookOutbox.FAILED, s.outbox().get(again.get(0).id()).status());
            s.outbox().delivered(again.get(0).id(), 3, now); // too late: a failed row stays failed
            assertEquals(Map.of("pending", 0L, "delivered", 1L, "failed", 1L), s.outbox().counts());
            assertEquals(List.of(again.get(0).id()), s.outbox().list("failed", 10).stream().map(WebhookOutbox.Delivery::id).toList());
            assertEquals(true, s.outbox().redeliver(again.get(0).id(), now.plusSeconds(4)));
            assertEquals(false, s.outbox().redeliver(999_999, now));
            WebhookOutbox.Delivery redelivered = s.outbox().claim(endpoints, 10, lease, now.plusSeconds(4)).get(0);
            assertEquals(0, redelivered.attempts());
            assertEquals(stored(now.plusSeconds(4)), redelivered.retryingSince());
        }
    }

    @Test
    void aLeadsHistoryIsNewestFirstWithinSinceAndLimit() throws Exception {
        try (FeedbackStore s = open("history.db")) {
            List<PredictionRecord> logged = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                logged.add(new PredictionRecord(i % 3 == 0 ? "L1" : "L2", "v" + (i / 10), i / 30.0, 1 + i, i < 20 ? "warm" : "hot", null, null,
                        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * i), null, i % 2 == 0 ? "enterprise" : null, null));
            }
            s.log(logged);
            s.flush();
            List<PredictionRecord> l1 = s.history("L1", null, 100);
            List<PredictionRecord> expected = new ArrayList<>(logged.stream().filter(p -> p.leadId().equals("L1")).toList());
            java.util.Collections.reverse(expected);
            assertEquals(expected.size(), l1.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).score(), l1.get(i).score());
                assertEquals(expected.get(i).segment(), l1.get(i).segment());
                assertEquals(stored(expected.get(i).at()), l1.get(i).at());
            }
            assertEquals(3, s.history("L1", null, 3).size());
            assertEquals(List.of(28, 25, 22), s.history("L1", Instant.parse("2026-01-01T00:21:00Z"), 100).stream().map(PredictionRecord::score).toList());
            assertEquals(List.of(), s.history("nobody", null, 10));
        }
    }
}
