import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.LiveFigures;
import io.leadscore.feedback.Outcome;
import io.leadscore.feedback.PredictionRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * bench/dashboard/live.sh: how long the dashboard's live figures take to compute on a feedback file
 * (what the live panel's background refresh does every minute): the first computation, then
 * REFRESHES more a minute apart, PER_MINUTE new predictions logged before each (as a serving
 * server keeps logging), each phase timed; then again after OUTCOMES outcomes are recorded (the
 * live AUC's join). Not a test.
 *
 * <p>Arguments: FEEDBACK.db (a copy: outcomes and predictions are added to it) MODEL_DIR REFRESHES
 * OUTCOMES PER_MINUTE
 */
public final class LiveRefresh {
    public static void main(String[] args) {
        ConversionModel model = ModelDirectory.load(Path.of(args[1]));
        String version = model.card().modelVersion();
        int refreshes = Integer.parseInt(args[2]);
        int outcomes = Integer.parseInt(args[3]);
        int perMinute = Integer.parseInt(args[4]);
        try (FeedbackStore store = FeedbackStore.open(Path.of(args[0]))) {
            Instant now = Instant.now();
            long predictions = store.predictionsPerDay().values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("%,d logged predictions, %,d outcomes%n", predictions, store.outcomes().size());
            now = refresh(store, model, version, now, refreshes, perMinute);
            List<String> leads = new ArrayList<>();
            for (var p : store.latestPredictions()) {
                if (leads.size() < outcomes && p.leadId() != null) {
                    leads.add(p.leadId());
                }
            }
            Random random = new Random(7);
            for (int i = 0; i < leads.size(); i++) {
                store.record(new Outcome("bench-" + i, leads.get(i), random.nextInt(4) == 0, now.toString(), null));
            }
            System.out.printf("%n%,d outcomes recorded%n", leads.size());
            refresh(store, model, version, now, refreshes, perMinute);
        }
    }

    /** The live figures computed 1 + refreshes times, a minute apart; each phase timed. */
    private static Instant refresh(FeedbackStore store, ConversionModel model, String version, Instant now, int refreshes, int perMinute) {
        Random random = new Random(11);
        for (int r = 0; r <= refreshes; r++) {
            if (r > 0) { // the minute's new predictions
                List<PredictionRecord> minute = new ArrayList<>();
                for (int i = 0; i < perMinute; i++) {
                    byte[] bins = new byte[model.featureBins().profiles().size()];
                    for (int k = 0; k < bins.length; k++) {
                        bins[k] = (byte) random.nextInt(model.featureBins().profiles().get(k).binCount());
                    }
                    minute.add(new PredictionRecord("new-" + r + "-" + i, version, 0.3, 30, "warm", null, null,
                            now.minusSeconds(random.nextInt(60)), bins));
                }
                store.log(minute);
            }
            long t0 = System.nanoTime();
            store.predictionsPerDay();
            long t1 = System.nanoTime();
            LiveFigures.auc(store.scoredOutcomes());
            long t2 = System.nanoTime();
            long[][] counts = new long[model.featureBins().profiles().size()][];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new long[model.featureBins().profiles().get(i).binCount()];
            }
            long n = store.countBins(version, now.minus(LiveFigures.DRIFT_WINDOW), counts);
            long t3 = System.nanoTime();
            LiveFigures.of(store, model, version, now);
            long t4 = System.nanoTime();
            System.out.printf("%s: per day %.0f ms, outcomes joined %.0f ms, drift bins %.0f ms (%,d predictions), whole panel %.0f ms%n",
                    r == 0 ? "first  " : "refresh", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, n, (t4 - t3) / 1e6);
            now = now.plus(Duration.ofMinutes(1));
        }
        return now;
    }
}
