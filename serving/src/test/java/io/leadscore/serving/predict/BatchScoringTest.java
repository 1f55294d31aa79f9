package io.leadscore.serving.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.ColumnType;
import io.leadscore.features.InputFeature;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch scored while it is read gives each lead of the final list its own result, in order,
 * whichever thread scored it — also when the body repeats {@code leads} or breaks after some runs.
 */
class BatchScoringTest {
    private static final LeadReader READER = new LeadReader(
            List.of(new InputFeature("num", ColumnType.NUMERIC, true, "identity", null, null, false, null)), List.of());
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A lead's "score": its id and number; a lead with a mistake is refused as the scorer refuses it. */
    private static String score(LeadReader.Lead lead) {
        if (!lead.errors().isEmpty()) {
            throw new InvalidRequestException(lead.errors());
        }
        return lead.features().leadId() + "=" + lead.features().values().get("num");
    }

    private static String leads(String prefix, int n, int badAt) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append("{\"lead_id\":\"").append(prefix).append(i).append("\",\"num\":")
                    .append(i == badAt ? "\"x\"" : String.valueOf(i)).append('}');
        }
        return s.append(']').toString();
    }

    private List<BatchScoring.Result<String>> scoreWhileReading(String body, AtomicInteger handedOver) {
        BatchScoring<String> scoring = new BatchScoring<>(BatchScoringTest::score, pool);
        List<LeadReader.Lead> leads = READER.readBatch(body.getBytes(StandardCharsets.UTF_8), 10_000, BatchScoring.RUN, (from, run) -> {
            handedOver.addAndGet(run.size());
            scoring.read(from, run);
        });
        return scoring.finish(leads);
    }

    @Test
    void everyLeadGetsItsOwnResultInOrder() {
        for (int n : new int[] {0, 1, 63, 64, 65, 1000}) {
            AtomicInteger handed = new AtomicInteger();
            List<BatchScoring.Result<String>> results = scoreWhileReading("{\"leads\":" + leads("L", n, -1) + "}", handed);
            assertEquals(n, results.size());
            assertEquals(n / BatchScoring.RUN * BatchScoring.RUN, handed.get(), "whole runs handed over while reading, n=" + n);
            for (int i = 0; i < n; i++) {
                assertEquals("L" + i + "=" + (double) i, results.get(i).answer(), "lead " + i + " of " + n);
                assertNull(results.get(i).mistake());
            }
        }
    }

    @Test
    void aMistakeStaysWithItsLead() {
        List<BatchScoring.Result<String>> results = scoreWhileReading("{\"leads\":" + leads("L", 300, 150) + "}", new AtomicInteger());
        assertNull(results.get(150).answer());
        List<FieldError> errors = results.get(150).mistake().errors();
        assertEquals("$.leads[150].num", errors.get(0).path());
        assertEquals("L151=151.0", results.get(151).answer());
    }

    @Test
    void ofARepeatedLeadsFieldTheLastCountsAndItsLeadsAreScoredThemselves() {
        String body = "{\"leads\":" + leads("A", 200, -1) + ",\"leads\":" + leads("B", 130, -1) + "}";
        List<BatchScoring.Result<String>> results = scoreWhileReading(body, new AtomicInteger());
        assertEquals(130, results.size());
        for (int i = 0; i < 130; i++) {
            assertEquals("B" + i + "=" + (double) i, results.get(i).answer());
        }
    }

    @Test
    void aBodyBrokenAfterSomeRunsIsRefusedWhole() {
        String body = "{\"leads\":" + leads("L", 500, -1).replace("]", "") + ",{";
        BatchScoring<String> scoring = new BatchScoring<>(BatchScoringTest::score, pool);
        AtomicInteger handed = new AtomicInteger();
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> READER.readBatch(body.getBytes(StandardCharsets.UTF_8), 10_000, BatchScoring.RUN, (from, run) -> {
                    handed.addAndGet(run.size());
                    scoring.read(from, run);
                }));
        assertEquals(400, e.status());
        assertTrue(handed.get() >= 448, "runs were handed over before the break: " + handed.get());
        scoring.cancel();
    }
}
