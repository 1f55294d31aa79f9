package io.leadscore.feedback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How the feedback store is doing, for a readiness check and {@code /metrics}; never blocks to
 * find out (it reports the last use of the database, which the prediction log's writer probes while
 * it is down).
 *
 * @param store where the store is, without credentials
 * @param unreachableSince since when the database has not answered, or null when it does
 * @param problem what failed and how (error class and SQL state), or null
 * @param bufferedPredictions predictions queued or kept in memory, not yet written
 * @param bufferBound how many may wait before new ones are dropped
 * @param droppedPredictions predictions dropped since start (bound full, or unwritable rows)
 */
public record Health(String store, Instant unreachableSince, String problem, long bufferedPredictions, int bufferBound,
                     long droppedPredictions) {

    /** Whether the database answers: outcomes are accepted and predictions written. */
    public boolean ok() {
        return unreachableSince == null;
    }

    /** What is degraded now, one sentence each; empty when nothing is. */
    public List<String> degraded() {
        List<String> out = new ArrayList<>();
        if (unreachableSince != null) {
            out.add("outcomes: refused since " + unreachableSince + ", the database does not answer (" + problem + ")");
            out.add(String.format("prediction log: %,d predictions kept in memory of at most %,d; more are dropped", bufferedPredictions, bufferBound));
        } else if (bufferedPredictions >= bufferBound) {
            out.add(String.format("prediction log: %,d predictions behind (its bound): new ones are dropped", bufferedPredictions));
        }
        return out;
    }
}
