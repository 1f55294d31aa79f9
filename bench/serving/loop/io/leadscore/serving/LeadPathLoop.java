package io.leadscore.serving;

import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.Score;
import io.leadscore.rules.RuleSet;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.serving.lifecycle.ServedModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * bench/serving/loop.sh: the steps of the batch path in a bare loop, one thread, over the leads of
 * a batch body: microseconds and bytes allocated per lead for reading, scoring with 5 reasons, the
 * rule score, the drift bins and the answer's JSON; then the server's own per-lead path, the
 * per-lead path's split of the body (Jackson), the plain path's reading in pieces on two threads
 * and the batch handler's core — reading, scoring and writing every lead's answer in pieces on two
 * threads, as the server does — (wall time per lead). Not a test.
 *
 * <p>Arguments: BATCH.json MODEL_DIR RULES.yaml
 */
public final class LeadPathLoop {
    private static final int ROUNDS = 25;
    private static final int REPEATS = 20;

    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        ConversionModel model = ModelDirectory.load(Path.of(args[1]));
        RuleSet rules = RuleSetParser.parse(Path.of(args[2]));
        PlainLeadReader reader = new PlainLeadReader(model.encoding().inputs(), rules.columns());
        BatchBody batch = BatchBody.split(body);
        LeadScorer scorer = new LeadScorer(rules, true);
        ServedModel served = new ServedModel(model, FeatureResolver.none(), "bench", Instant.now());
        Instant at = Instant.now();
        int n = batch.size();
        LeadRequest[] leads = new LeadRequest[n];
        PredictionAnswer[] answers = new PredictionAnswer[n];
        for (int i = 0; i < n; i++) {
            leads[i] = reader.read(body, batch.start(i), batch.length(i));
            Score s = model.score(leads[i], LeadScorer.TOP_REASONS);
            int points = rules.points(leads[i]);
            answers[i] = new PredictionAnswer(leads[i].leadId(), s.probability(), s.score(), s.tier(), points, rules.tierOf(points),
                    s.reasons(), "leadscore-logistic", "v", s.warnings(), null, null);
        }
        String[] steps = {"read", "score + reasons", "rule score", "drift bins", "answer JSON", "all, lead by lead", "server's LeadScorer + JSON", "split the body (per lead)", "read in pieces, 2 threads (per lead)", "batch handler core, 2 threads (per lead)"};
        double[] best = new double[steps.length];
        long[] bytes = new long[steps.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int step = 0; step < steps.length; step++) {
                long a0 = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (int r = 0; r < REPEATS; r++) {
                    for (int i = 0; i < n; i++) {
                        switch (step) {
                            case 0 -> leads[i] = reader.read(body, batch.start(i), batch.length(i));
                            case 1 -> sink += model.score(leads[i], LeadScorer.TOP_REASONS).score();
                            case 2 -> sink += rules.points(leads[i]);
                            case 3 -> sink += model.featureBins().bin(leads[i]).length;
                            case 4 -> sink += answers[i].json().length;
                            case 6 -> {
                                int k = i;
                                LeadScorer.Scored scored = scorer.score(served, null, body, batch.start(i), batch.length(i), () -> batch.lead(k),
                                        () -> "$.leads[" + k + "]", at);
                                sink += scored.answer().json().length + scored.logged().bins().length;
                            }
                            case 7 -> sink += i == 0 ? BatchBody.split(body).size() : 0;
                            case 8 -> sink += i == 0 ? BatchBody.readPlain(body, reader, true, n, lead -> lead).size() : 0;
                            case 9 -> {
                                if (i == 0) {
                                    PlainLeadReader pr = scorer.plainReader(served);
                                    java.util.List<byte[]> all = BatchBody.readPlain(body, pr, true, 10_000, lead -> scorer.score(served, null, lead, at).answer().json());
                                    byte[][] json = all.toArray(byte[][]::new);
                                    sink += json.length;
                                }
                            }
                            default -> {
                                LeadRequest lead = reader.read(body, batch.start(i), batch.length(i));
                                Score s = model.score(lead, LeadScorer.TOP_REASONS);
                                int points = rules.points(lead);
                                sink += model.featureBins().bin(lead).length;
                                sink += new PredictionAnswer(lead.leadId(), s.probability(), s.score(), s.tier(), points,
                                        rules.tierOf(points), s.reasons(), "leadscore-logistic", "v", s.warnings(), null, null).json().length;
                            }
                        }
                    }
                }
                long t1 = System.nanoTime();
                best[step] = Math.min(best[step], (t1 - t0) / 1e3 / REPEATS / n);
                bytes[step] = (mx.getCurrentThreadAllocatedBytes() - a0) / REPEATS / n;
            }
        }
        System.out.printf("%d leads, best of %d rounds of %d passes (checksum %d)%n", n, ROUNDS, REPEATS, sink);
        for (int step = 0; step < steps.length; step++) {
            System.out.printf("%-16s %6.2f us/lead %7d bytes/lead%n", steps[step], best[step], bytes[step]);
        }
    }
}
