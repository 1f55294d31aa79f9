package io.leadscore.training;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The Tribuo trainers behind {@code --algorithm}: L2-regularised logistic regression (LibLinear) and
 * gradient-boosted trees (XGBoost, one tree per round: {@link BinaryXGBoostTrainer}). Both are
 * seeded and deterministic.
 */
public final class Trainers {
    /** Logistic solver tolerance and iteration cap. */
    static final double EPSILON = 1e-4;
    static final int MAX_ITERATIONS = 1000;

    private Trainers() {
    }

    /** Fits {@code candidate} on the examples. */
    public static Model<Label> fit(Candidate candidate, Examples data, long seed) {
        MutableDataset<Label> dataset = dataset(data);
        Map<String, Object> p = candidate.params();
        return switch (candidate.algorithm()) {
            case "logistic" -> new LibLinearClassificationTrainer(new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR),
                    number(p, "C"), MAX_ITERATIONS, EPSILON, seed).train(dataset);
            case "xgboost" -> new BinaryXGBoostTrainer((int) number(p, "trees"), number(p, "eta"), (int) number(p, "max_depth"),
                    number(p, "min_child_weight"), number(p, "subsample"), number(p, "colsample"), number(p, "lambda"), threads(), seed)
                    .train(dataset);
            default -> throw new IllegalArgumentException("unknown algorithm " + candidate.algorithm());
        };
    }

    /** Raw probabilities of conversion of the examples. */
    public static double[] probabilities(Model<Label> model, Examples data) {
        List<Prediction<Label>> preds = model.predict(data.examples());
        double[] p = new double[preds.size()];
        for (int i = 0; i < p.length; i++) {
            Label pos = preds.get(i).getOutputScores().get(io.leadscore.model.ConversionModel.POSITIVE);
            p[i] = pos == null ? 0 : pos.getScore();
        }
        return p;
    }

    /**
     * Validation log-loss of a boosted model after every {@code step} rounds, to pick the number of
     * trees (early stopping without refitting per round).
     *
     * @return log-loss at rounds step, 2·step, …, all rounds
     */
    public static double[] logLossByRounds(Model<Label> model, Examples validation, int rounds, int step) {
        double[][] p = probabilitiesByRounds(model, validation, rounds, step);
        double[] out = new double[p.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = Evaluation.logLoss(p[k], validation.y());
        }
        return out;
    }

    /**
     * Raw probabilities of a boosted model using only its first step, 2·step, …, all rounds.
     *
     * @return one row of probabilities (in {@code validation}'s order) per number of rounds
     */
    @SuppressWarnings("unchecked")
    public static double[][] probabilitiesByRounds(Model<Label> model, Examples validation, int rounds, int step) {
        XGBoostModel<Label> xgb = (XGBoostModel<Label>) model;
        Booster booster = xgb.getInnerModels().get(0);
        int pos = xgb.getOutputIDInfo().getID(new Label(io.leadscore.model.ConversionModel.POSITIVE));
        DMatrix m = XGBoostMatrices.of(validation.examples(), xgb.getFeatureIDMap());
        try {
            double[][] out = new double[rounds / step][];
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

    static MutableDataset<Label> dataset(Examples data) {
        LabelFactory factory = new LabelFactory();
        var provenance = new SimpleDataSourceProvenance("leads", OffsetDateTime.parse("2000-01-01T00:00:00Z"), factory);
        return new MutableDataset<>(new ListDataSource<>(data.examples(), factory, provenance));
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
