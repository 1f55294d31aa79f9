package io.leadscore.training;

import io.leadscore.training.Trainers.Candidate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Chooses hyper-parameters (and, for {@code auto}, the algorithm) by cross-validated log-loss on
 * the training window: a grid over the logistic regularisation, a seeded random search over tree
 * settings, and early stopping for trees (the number of rounds with the lowest mean validation
 * log-loss). A progress bar shows on an interactive terminal.
 */
public final class ModelSearch {
    /** Rounds a boosted model may grow to during the search. */
    static final int MAX_ROUNDS = 200;
    /** Rounds between validation checks. */
    static final int ROUND_STEP = 10;
    /** Random tree configurations tried. */
    static final int TREE_CONFIGS = 4;

    static final double[] LOGISTIC_C = {0.01, 0.1, 1.0, 10.0};
    static final int[] DEPTHS = {3, 4, 5, 6};
    static final double[] ETAS = {0.05, 0.1, 0.2};
    static final double[] MIN_CHILD = {1, 5, 10};
    static final double[] SUBSAMPLE = {0.8, 1.0};
    static final double[] COLSAMPLE = {0.8, 1.0};
    static final double[] LAMBDA = {1, 5};

    private ModelSearch() {
    }

    /**
     * One tried candidate.
     *
     * @param candidate the algorithm and parameters
     * @param cvLogLoss mean validation log-loss over the folds
     */
    public record Trial(Candidate candidate, double cvLogLoss) {
    }

    /**
     * @param best the chosen candidate (trees: with the chosen number of rounds)
     * @param trials every candidate and its score
     * @param space the search space, for the model card
     */
    public record Result(Candidate best, List<Trial> trials, Map<String, Object> space) {
    }

    /** The search space of an algorithm ({@code auto} = both). */
    static Map<String, Object> space(String algorithm) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (!algorithm.equals("xgboost")) {
            s.put("logistic", Map.of("C", LOGISTIC_C));
        }
        if (!algorithm.equals("logistic")) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("max_depth", DEPTHS);
            t.put("eta", ETAS);
            t.put("min_child_weight", MIN_CHILD);
            t.put("subsample", SUBSAMPLE);
            t.put("colsample", COLSAMPLE);
            t.put("lambda", LAMBDA);
            t.put("trees", "early stopping: 10.." + MAX_ROUNDS + " rounds, best mean validation log-loss");
            t.put("sampling", TREE_CONFIGS + " seeded random configurations");
            s.put("xgboost", t);
        }
        return s;
    }

    static List<Candidate> candidates(String algorithm, long seed) {
        List<Candidate> out = new ArrayList<>();
        if (!algorithm.equals("xgboost")) {
            for (double c : LOGISTIC_C) {
                out.add(new Candidate("logistic", Map.of("C", c)));
            }
        }
        if (!algorithm.equals("logistic")) {
            SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
            for (int i = 0; i < TREE_CONFIGS; i++) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("max_depth", DEPTHS[rnd.nextInt(DEPTHS.length)]);
                p.put("eta", ETAS[rnd.nextInt(ETAS.length)]);
                p.put("min_child_weight", MIN_CHILD[rnd.nextInt(MIN_CHILD.length)]);
                p.put("subsample", SUBSAMPLE[rnd.nextInt(SUBSAMPLE.length)]);
                p.put("colsample", COLSAMPLE[rnd.nextInt(COLSAMPLE.length)]);
                p.put("lambda", LAMBDA[rnd.nextInt(LAMBDA.length)]);
                p.put("trees", MAX_ROUNDS);
                out.add(new Candidate("xgboost", p));
            }
        }
        return out;
    }

    /** Runs the search on the examples of the training window with the given folds. */
    public static Result run(String algorithm, Examples data, List<Folds> folds, long seed) {
        List<Candidate> candidates = candidates(algorithm, seed);
        List<Trial> trials = new ArrayList<>();
        try (ProgressBar bar = progress("search " + algorithm, (long) candidates.size() * folds.size())) {
            for (Candidate c : candidates) {
                trials.add(c.algorithm().equals("xgboost") ? trees(c, data, folds, seed, bar) : linear(c, data, folds, seed, bar));
            }
        }
        Trial best = trials.get(0);
        for (Trial t : trials) {
            if (t.cvLogLoss() < best.cvLogLoss()) {
                best = t;
            }
        }
        return new Result(best.candidate(), trials, space(algorithm));
    }

    private static Trial linear(Candidate c, Examples data, List<Folds> folds, long seed, ProgressBar bar) {
        double sum = 0;
        for (Folds f : folds) {
            Examples va = data.subset(f.validate());
            Model<Label> m = Trainers.fit(c, data.subset(f.train()), seed);
            sum += Evaluation.logLoss(Trainers.probabilities(m, va), va.y());
            step(bar);
        }
        return new Trial(c, sum / folds.size());
    }

    private static Trial trees(Candidate c, Examples data, List<Folds> folds, long seed, ProgressBar bar) {
        double[] mean = new double[MAX_ROUNDS / ROUND_STEP];
        for (Folds f : folds) {
            Model<Label> m = Trainers.fit(c, data.subset(f.train()), seed);
            double[] ll = Trainers.logLossByRounds(m, data.subset(f.validate()), MAX_ROUNDS, ROUND_STEP);
            for (int k = 0; k < mean.length; k++) {
                mean[k] += ll[k] / folds.size();
            }
            step(bar);
        }
        int best = 0;
        for (int k = 1; k < mean.length; k++) {
            if (mean[k] < mean[best]) {
                best = k;
            }
        }
        return new Trial(c.with("trees", (best + 1) * ROUND_STEP), mean[best]);
    }

    private static ProgressBar progress(String task, long max) {
        return ProgressBars.start(task, max, null);
    }

    private static void step(ProgressBar bar) {
        bar.step();
    }
}
