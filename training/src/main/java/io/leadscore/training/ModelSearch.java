package io.leadscore.training;

import io.leadscore.training.Trainers.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Chooses hyper-parameters (and, for {@code auto}, the algorithm) by cross-validated log-loss on
 * the training window: a grid over the logistic regularisation, a seeded random search over tree
 * settings, and early stopping for trees (the number of rounds with the lowest mean validation
 * log-loss). The space adapts to the size of the data ({@link SearchSpace}). Every trial keeps its
 * out-of-fold predictions, so that the chosen candidate's can calibrate the model (cross-fitting)
 * without fitting anything again. A progress bar shows on an interactive terminal.
 */
public final class ModelSearch {
    /** Rounds a boosted model may grow to during a search of the standard space. */
    static final int MAX_ROUNDS = 200;

    private ModelSearch() {
    }

    /**
     * One tried candidate.
     *
     * @param candidate the algorithm and parameters (trees: with the chosen number of rounds)
     * @param cvLogLoss mean validation log-loss over the folds
     * @param outOfFold its raw probability of every validated row, each from the fold model that did
     *     not train on it, in the order of {@link Result#outOfFoldRows()}
     */
    public record Trial(Candidate candidate, double cvLogLoss, double[] outOfFold) {
    }

    /**
     * @param best the chosen candidate (trees: with the chosen number of rounds)
     * @param trials every candidate and its score
     * @param space the search space, for the model card
     * @param outOfFold the chosen candidate's out-of-fold raw probabilities
     * @param outOfFoldRows the positions (rows of the searched matrix) those probabilities belong to:
     *     every validation block, in fold order
     */
    public record Result(Candidate best, List<Trial> trials, Map<String, Object> space, double[] outOfFold, int[] outOfFoldRows) {
    }

    /** Runs the search of the standard space on the encoded rows with the given folds. */
    public static Result run(String algorithm, EncodedMatrix data, List<Folds> folds, long seed) {
        return run(algorithm, data, folds, seed, SearchSpace.standard());
    }

    /** Runs the search of {@code space} on the encoded rows with the given folds (positions in the matrix). */
    public static Result run(String algorithm, EncodedMatrix data, List<Folds> folds, long seed, SearchSpace space) {
        List<Candidate> candidates = space.candidates(algorithm, seed);
        List<Trial> trials = new ArrayList<>();
        try (ProgressBar bar = progress("search " + algorithm, (long) candidates.size() * folds.size())) {
            for (Candidate c : candidates) {
                trials.add(c.algorithm().equals("xgboost") ? trees(c, data, folds, seed, space.maxRounds(), bar)
                        : linear(c, data, folds, seed, bar));
            }
        }
        Trial best = trials.get(0);
        for (Trial t : trials) {
            if (t.cvLogLoss() < best.cvLogLoss()) {
                best = t;
            }
        }
        List<Trial> light = trials.stream().map(t -> new Trial(t.candidate(), t.cvLogLoss(), null)).toList();
        return new Result(best.candidate(), light, space.describe(algorithm), best.outOfFold(), outOfFoldRows(folds));
    }

    /** Every validation position of the folds, in fold order. */
    static int[] outOfFoldRows(List<Folds> folds) {
        return folds.stream().flatMapToInt(f -> java.util.Arrays.stream(f.validate())).toArray();
    }

    private static Trial linear(Candidate c, EncodedMatrix data, List<Folds> folds, long seed, ProgressBar bar) {
        double sum = 0;
        double[] oof = new double[outOfFoldRows(folds).length];
        int at = 0;
        for (Folds f : folds) {
            Model<Label> m = Trainers.fit(c, data, f.train(), seed);
            double[] p = Trainers.probabilities(m, data, f.validate());
            System.arraycopy(p, 0, oof, at, p.length);
            at += p.length;
            sum += Evaluation.logLoss(p, data.y(f.validate()));
            step(bar);
        }
        return new Trial(c, sum / folds.size(), oof);
    }

    private static Trial trees(Candidate c, EncodedMatrix data, List<Folds> folds, long seed, int maxRounds, ProgressBar bar) {
        int checks = maxRounds / SearchSpace.ROUND_STEP;
        double[] mean = new double[checks];
        double[][] oof = new double[checks][outOfFoldRows(folds).length];
        int at = 0;
        for (Folds f : folds) {
            int[] va = data.y(f.validate());
            Model<Label> m = Trainers.fit(c, data, f.train(), seed);
            double[][] p = Trainers.probabilitiesByRounds(m, data, f.validate(), maxRounds, SearchSpace.ROUND_STEP);
            for (int k = 0; k < checks; k++) {
                mean[k] += Evaluation.logLoss(p[k], va) / folds.size();
                System.arraycopy(p[k], 0, oof[k], at, p[k].length);
            }
            at += va.length;
            step(bar);
        }
        int best = 0;
        for (int k = 1; k < mean.length; k++) {
            if (mean[k] < mean[best]) {
                best = k;
            }
        }
        return new Trial(c.with("trees", (best + 1) * SearchSpace.ROUND_STEP), mean[best], oof[best]);
    }

    private static ProgressBar progress(String task, long max) {
        return ProgressBars.start(task, max, null);
    }

    private static void step(ProgressBar bar) {
        bar.step();
    }
}
