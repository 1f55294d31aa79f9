package io.leadscore.serving.predict;

import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.Score;
import io.leadscore.rules.RuleSet;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.serving.http.HttpJson;
import io.leadscore.serving.lifecycle.ServedModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * bench/serving/loop.sh: the steps of the batch path in a bare loop, one thread, over the leads of
 * a batch body: microseconds and bytes allocated per lead for reading the body ({@link LeadReader}),
 * scoring with 5 reasons, the rule score, the drift bins and the answer's JSON (Jackson); then the
 * server's own per-lead path ({@link LeadScorer}) and the batch handler's core — reading the body,
 * scoring the leads in parallel on the common pool and writing the answer — (wall time per lead).
 * Not a test.
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
        LeadReader reader = new LeadReader(model.encoding().inputs(), rules.columns());
        LeadScorer scorer = new LeadScorer(rules, true);
        ServedModel served = new ServedModel(model, FeatureResolver.none(), "bench", Instant.now());
        Instant at = Instant.now();
        List<LeadReader.Lead> read = reader.readBatch(body, 10_000);
        int n = read.size();
        LeadRequest[] leads = read.stream().map(LeadReader.Lead::features).toArray(LeadRequest[]::new);
        PredictionAnswer[] answers = new PredictionAnswer[n];
        for (int i = 0; i < n; i++) {
            answers[i] = scorer.score(served, null, read.get(i), at).answer();
        }
        String[] steps = {"read (whole body)", "score + reasons", "rule score", "drift bins", "answer JSON", "server's LeadScorer", "batch handler core", "batch JSON, bytes", "batch JSON, String"};
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
                    if (step == 0) {
                        sink += reader.readBatch(body, 10_000).size();
                        continue;
                    }
                    if (step >= 7) {
                        PredictHandler.BatchAnswer all = new PredictHandler.BatchAnswer("v", List.of(answers));
                        sink += step == 7 ? HttpJson.JSON.writeValueAsBytes(all).length
                                : HttpJson.JSON.writeValueAsString(all).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                        continue;
                    }
                    if (step == 6) {
                        List<LeadReader.Lead> all = reader.readBatch(body, 10_000);
                        List<PredictionAnswer> out = IntStream.range(0, all.size()).parallel()
                                .mapToObj(i -> scorer.score(served, null, all.get(i), at).answer()).toList();
                        sink += HttpJson.JSON.writeValueAsBytes(new PredictHandler.BatchAnswer("v", out)).length;
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        switch (step) {
                            case 1 -> {
                                Score s = model.score(leads[i], LeadScorer.TOP_REASONS);
                                sink += s.score();
                            }
                            case 2 -> sink += rules.points(leads[i]);
                            case 3 -> sink += model.featureBins().bin(leads[i]).length;
                            case 4 -> sink += HttpJson.JSON.writeValueAsBytes(answers[i]).length;
                            default -> sink += scorer.score(served, null, read.get(i), at).logged().bins().length;
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
            System.out.printf("%-20s %6.2f us/lead %7d bytes/lead%n", steps[step], best[step], bytes[step]);
        }
    }
}
