package io.leadscore.training;

import io.leadscore.training.Trainers.Candidate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the search tries, adapted to the size of the training window. Small histories (fewer than
 * {@link #SMALL_POSITIVES} converted leads or {@link #SMALL_ROWS} rows) get shallower trees, fewer
 * rounds, larger leaves and stronger L2, and the logistic grid reaches stronger regularisation, so
 * that a few hundred leads do not get a model that memorises them.
 *
 * @param size {@code small} or {@code standard}
 * @param logisticC the logistic regularisation grid (smaller C = stronger L2)
 * @param depths tree depths
 * @param etas learning rates
 * @param minChild minimum child weights
 * @param subsample row subsampling
 * @param colsample column subsampling
 * @param lambda L2 on leaf weights
 * @param maxRounds the most rounds early stopping may choose
 */
public record SearchSpace(String size, double[] logisticC, int[] depths, double[] etas, double[] minChild, double[] subsample,
                          double[] colsample, double[] lambda, int maxRounds) {
    /** Below this many converted leads in the training window, the small space is used. */
    public static final int SMALL_POSITIVES = 500;
    /** Below this many rows in the training window, the small space is used. */
    public static final int SMALL_ROWS = 5_000;
    /** Rounds between validation checks. */
    static final int ROUND_STEP = 10;
    /** Random tree configurations tried. */
    static final int TREE_CONFIGS = 4;

    /** The space for most data: as before small-data adaptation. */
    public static SearchSpace standard() {
        return new SearchSpace("standard", new double[] {0.01, 0.1, 1.0, 10.0}, new int[] {3, 4, 5, 6}, new double[] {0.05, 0.1, 0.2},
                new double[] {1, 5, 10}, new double[] {0.8, 1.0}, new double[] {0.8, 1.0}, new double[] {1, 5}, 200);
    }

    /** The space for small histories: shallow, slow, strongly regularised. */
    public static SearchSpace small() {
        return new SearchSpace("small", new double[] {0.01, 0.03, 0.1, 0.3, 1.0}, new int[] {2, 3}, new double[] {0.05, 0.1},
                new double[] {5, 10, 20}, new double[] {0.8}, new double[] {0.8}, new double[] {5, 10, 20}, 100);
    }

    /** The space for a training window of {@code rows} leads, {@code positives} of them converted. */
    public static SearchSpace forSize(long rows, long positives) {
        return positives < SMALL_POSITIVES || rows < SMALL_ROWS ? small() : standard();
    }

    /** The candidates of {@code algorithm} (logistic, xgboost or auto = both), trees seeded. */
    List<Candidate> candidates(String algorithm, long seed) {
        List<Candidate> out = new ArrayList<>();
        if (!algorithm.equals("xgboost")) {
            for (double c : logisticC) {
                out.add(new Candidate("logistic", Map.of("C", c)));
            }
        }
        if (!algorithm.equals("logistic")) {
            SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
            for (int i = 0; i < TREE_CONFIGS; i++) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("max_depth", depths[rnd.nextInt(depths.length)]);
                p.put("eta", etas[rnd.nextInt(etas.length)]);
                p.put("min_child_weight", minChild[rnd.nextInt(minChild.length)]);
                p.put("subsample", subsample[rnd.nextInt(subsample.length)]);
                p.put("colsample", colsample[rnd.nextInt(colsample.length)]);
                p.put("lambda", lambda[rnd.nextInt(lambda.length)]);
                p.put("trees", maxRounds);
                out.add(new Candidate("xgboost", p));
            }
        }
        return out;
    }

    /** The space of {@code algorithm}, for the model card. */
    Map<String, Object> describe(String algorithm) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("size", size + " (small below " + SMALL_POSITIVES + " converted leads or " + SMALL_ROWS + " rows in the training window)");
        if (!algorithm.equals("xgboost")) {
            s.put("logistic", Map.of("C", logisticC));
        }
        if (!algorithm.equals("logistic")) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("max_depth", depths);
            t.put("eta", etas);
            t.put("min_child_weight", minChild);
            t.put("subsample", subsample);
            t.put("colsample", colsample);
            t.put("lambda", lambda);
            t.put("trees", "early stopping: " + ROUND_STEP + ".." + maxRounds + " rounds, best mean validation log-loss");
            t.put("sampling", TREE_CONFIGS + " seeded random configurations");
            s.put("xgboost", t);
        }
        return s;
    }
}
