package io.leadscore.training;

import de.bwaldvogel.liblinear.Linear;
import io.leadscore.model.ConversionModel;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;
import org.tribuo.common.xgboost.XGBoostModel;

/**
 * The trainers behind {@code --algorithm}: L2-regularised logistic regression (LibLinear,
 * {@link LogisticTrainer}) and gradient-boosted trees (XGBoost, one tree per round:
 * {@link BinaryXGBoostTrainer}), fitted and applied straight on an {@link EncodedMatrix}; both give
 * standard Tribuo models. Both are seeded and deterministic.
 */
public final class Trainers {
    /**
     * Logistic solver tolerance and iteration cap. LibLinear's Newton solver stops when the gradient
     * has shrunk by this factor (its own default is 1e-2); on 200,000 generated leads 1e-3 fitted the
     * 160,000 training rows 3× faster than 1e-4, at a holdout AUC 0.000002 lower.
     */
    static final double EPSILON = 1e-3;
    static final int MAX_ITERATIONS = 1000;

    private Trainers() {
    }

    /** Fits {@code candidate} on every row of the matrix. */
    public static Model<Label> fit(Candidate candidate, EncodedMatrix data, long seed) {
        return fit(candidate, data, data.all(), seed);
    }

    /** Fits {@code candidate} on the rows of the matrix at {@code positions}. */
    public static Model<Label> fit(Candidate candidate, EncodedMatrix data, int[] positions, long seed) {
        Map<String, Object> p = candidate.params();
        return switch (candidate.algorithm()) {
            case "logistic" -> new LogisticTrainer(number(p, "C"), MAX_ITERATIONS, EPSILON).train(data, positions);
            case "xgboost" -> new BinaryXGBoostTrainer((int) number(p, "trees"), number(p, "eta"), (int) number(p, "max_depth"),
                    number(p, "min_child_weight"), number(p, "subsample"), number(p, "colsample"), number(p, "lambda"), threads(), seed)
                    .train(data, positions);
            default -> throw new IllegalArgumentException("unknown algorithm " + candidate.algorithm());
        };
    }

    /** Raw probabilities of conversion of every row of the matrix. */
    public static double[] probabilities(Model<Label> model, EncodedMatrix data) {
        return probabilities(model, data, data.all());
    }

    /**
     * Raw probabilities of conversion of the rows at {@code positions}: from the booster on one
     * matrix, or LibLinear's own prediction on each row's non-zero features; the same numbers as the
     * Tribuo model's prediction.
     */
    public static double[] probabilities(Model<Label> model, EncodedMatrix data, int[] positions) {
        if (model instanceof XGBoostModel<?>) {
            return probabilitiesByRounds(model, data, positions, 0, 0)[0];
        }
        if (!(model instanceof LibLinearClassificationModel linear)) {
            throw new IllegalArgumentException("not a model leadscore trains: " + model.getClass().getName());
        }
        data.requireColumnIds(linear.getFeatureIDMap());
        de.bwaldvogel.liblinear.Model inner = linear.getInnerModels().get(0);
        int posId = linear.getOutputIDInfo().getID(new Label(ConversionModel.POSITIVE));
        int at = java.util.Arrays.stream(inner.getLabels()).boxed().toList().indexOf(posId);
        double[] scores = new double[inner.getNrClass()];
        double[] p = new double[positions.length];
        for (int i = 0; i < p.length; i++) {
            Linear.predictProbability(inner, LogisticTrainer.nodes(data, positions[i]), scores);
            p[i] = at < 0 ? 0 : scores[at];
        }
        return p;
    }

    /**
     * Raw probabilities of a boosted model using only its first step, 2·step, …, all rounds, straight
     * from its booster on one matrix of the rows at {@code positions}.
     *
     * @param rounds the model's rounds (with {@code step} 0: ignored, one row with every round)
     * @return one row of probabilities (in {@code positions}' order) per number of rounds
     */
    @SuppressWarnings("unchecked")
    public static double[][] probabilitiesByRounds(Model<Label> model, EncodedMatrix data, int[] positions, int rounds, int step) {
        XGBoostModel<Label> xgb = (XGBoostModel<Label>) model;
        data.requireColumnIds(xgb.getFeatureIDMap());
        Booster booster = xgb.getInnerModels().get(0);
        int pos = xgb.getOutputIDInfo().getID(new Label(ConversionModel.POSITIVE));
        DMatrix m = data.dmatrix(positions);
        try {
            double[][] out = new double[step == 0 ? 1 : rounds / step][];
            for (int k = 0; k < out.length; k++) {
                float[][] pr = booster.predict(m, false, (k + 1) * step);
                out[k] = new double[pr.length];
                for (int i = 0; i < pr.length; i++) {
                    // binary:logistic has one output, the probability of conversion; softprob one per class
                    out[k][i] = pr[i][pr[i].length == 1 ? 0 : pos];
                }
            }
            return out;
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        } finally {
            m.dispose();
        }
    }

    static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static double number(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("missing parameter " + key + " in " + p);
        }
        return n.doubleValue();
    }

    /**
     * One point of the search space.
     *
     * @param algorithm logistic or xgboost
     * @param params its hyper-parameters
     */
    public record Candidate(String algorithm, Map<String, Object> params) {
        public Candidate with(String key, Object value) {
            Map<String, Object> p = new LinkedHashMap<>(params);
            p.put(key, value);
            return new Candidate(algorithm, p);
        }
    }
}
