import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.PredictionRecord;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.FeatureProfile;
import io.leadscore.model.ModelDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * bench/dashboard/live.sh --generate: writes a prediction log for the live-figure bench, through
 * FeedbackStore.log as the server does: N predictions of the model, spread evenly over the last DAYS
 * days up to now (in time order), leads drawn from N/4 ids, each input's bin drawn at random among its
 * profile's bins. Seeded. Not a test.
 *
 * <p>Arguments: FEEDBACK.db MODEL_DIR N DAYS SEED
 */
public final class LiveLog {
    public static void main(String[] args) {
        ConversionModel model = ModelDirectory.load(Path.of(args[1]));
        String version = model.card().modelVersion();
        int n = Integer.parseInt(args[2]);
        Duration span = Duration.ofDays(Long.parseLong(args[3]));
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[4]));
        List<FeatureProfile> profiles = model.featureBins().profiles();
        Instant start = Instant.now().minus(span);
        long step = span.toNanos() / n;
        try (FeedbackStore store = FeedbackStore.open(Path.of(args[0]))) {
            List<PredictionRecord> chunk = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] bins = new byte[profiles.size()];
                for (int k = 0; k < bins.length; k++) {
                    bins[k] = (byte) random.nextInt(profiles.get(k).binCount());
                }
                double p = random.nextDouble();
                chunk.add(new PredictionRecord("L" + random.nextInt(Math.max(1, n / 4)), version, p, (int) Math.round(p * 98) + 1,
                        p > 0.5 ? "hot" : p > 0.2 ? "warm" : "cold", null, null, start.plusNanos(step * i), bins));
                if (chunk.size() == 1000) {
                    store.log(chunk);
                    chunk = new ArrayList<>();
                    if (i % 100_000 == 99_999) {
                        store.flush();
                    }
                }
            }
            store.log(chunk);
            store.flush();
            System.out.printf("%,d predictions of %s over the last %d days in %s%n", n, version, span.toDays(), args[0]);
        }
    }
}
