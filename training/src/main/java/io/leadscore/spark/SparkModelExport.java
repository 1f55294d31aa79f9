package io.leadscore.spark;

import io.leadscore.data.DataException;
import io.leadscore.model.LinearFunction;
import io.leadscore.model.ScoringFunction;
import io.leadscore.model.TreeEnsemble;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.Node;

/**
 * Exports a Spark MLlib model into serving's pure-Java {@link ScoringFunction}, in the card's encoded
 * feature order and in double precision: {@code LogisticRegressionModel} as a {@link LinearFunction}
 * (intercept and coefficients), {@code GBTClassificationModel} as a {@link TreeEnsemble} (thresholds,
 * categorical splits, tree weights, leaf values, and each node's cover, the training rows that
 * reached it, from Spark's impurity statistics, for exact TreeSHAP reasons).
 */
public final class SparkModelExport {
    /** Spark's logistic loss: probability {@code 1 / (1 + exp(−2·margin))}, so log-odds are 2 × margin. */
    static final double GBT_LOG_ODDS_PER_MARGIN = 2.0;

    private SparkModelExport() {
    }

    /**
     * @param model a fitted binary {@code LogisticRegressionModel} or {@code GBTClassificationModel}
     * @param means the training mean of each encoded feature (the reference lead of the reasons)
     */
    public static ScoringFunction of(Model<?> model, double[] means) {
        if (model instanceof LogisticRegressionModel lr) {
            if (lr.numClasses() != 2) {
                throw new IllegalArgumentException("expected a binary logistic regression, found " + lr.numClasses() + " classes");
            }
            double[] w = lr.coefficients().toArray();
            requireWidth(w.length, means.length);
            return new LinearFunction(lr.intercept(), w, means);
        }
        if (model instanceof GBTClassificationModel gbt) {
            requireWidth(gbt.numFeatures(), means.length);
            if (!"logistic".equals(gbt.getLossType())) {
                throw new DataException("--algorithm", "only GBTs with logistic loss can be exported, not " + gbt.getLossType());
            }
            DecisionTreeRegressionModel[] trees = gbt.trees();
            double[] weights = gbt.treeWeights();
            List<TreeEnsemble.Tree> out = new ArrayList<>(trees.length);
            for (int i = 0; i < trees.length; i++) {
                out.add(tree(trees[i].rootNode(), weights[i]));
            }
            return new TreeEnsemble(GBT_LOG_ODDS_PER_MARGIN, out);
        }
        throw new IllegalArgumentException("cannot export a " + model.getClass().getSimpleName());
    }

    private static void requireWidth(int modelFeatures, int cardFeatures) {
        if (modelFeatures != cardFeatures) {
            throw new IllegalStateException("the model has " + modelFeatures + " features, its card " + cardFeatures);
        }
    }

    /** A tree's nodes in pre-order (every child after its parent). */
    private static TreeEnsemble.Tree tree(Node root, double weight) {
        Nodes n = new Nodes();
        n.add(root);
        int size = n.feature.size();
        boolean categorical = n.categories.stream().anyMatch(c -> c != null);
        return new TreeEnsemble.Tree(weight, n.feature.stream().mapToInt(Integer::intValue).toArray(),
                n.threshold.stream().mapToDouble(Double::doubleValue).toArray(),
                categorical ? n.categories.toArray(double[][]::new) : null,
                n.left.stream().mapToInt(Integer::intValue).toArray(), n.right.stream().mapToInt(Integer::intValue).toArray(),
                n.value.stream().mapToDouble(Double::doubleValue).toArray(), n.cover.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Growing node arrays. */
    private static final class Nodes {
        final List<Integer> feature = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<double[]> categories = new ArrayList<>();
        final List<Integer> left = new ArrayList<>();
        final List<Integer> right = new ArrayList<>();
        final List<Double> value = new ArrayList<>();
        final List<Double> cover = new ArrayList<>();

        int add(Node node) {
            int i = feature.size();
            feature.add(-1);
            threshold.add(0.0);
            categories.add(null);
            left.add(-1);
            right.add(-1);
            value.add(node.prediction());
            cover.add(node.impurityStats().count());
            if (node instanceof InternalNode in) {
                if (in.split() instanceof ContinuousSplit s) {
                    feature.set(i, s.featureIndex());
                    threshold.set(i, s.threshold());
                } else if (in.split() instanceof CategoricalSplit s) {
                    feature.set(i, s.featureIndex());
                    double[] cats = s.leftCategories().clone();
                    Arrays.sort(cats);
                    categories.set(i, cats);
                } else {
                    throw new IllegalArgumentException("unknown split " + in.split());
                }
                int l = add(in.leftChild());
                int r = add(in.rightChild());
                left.set(i, l);
                right.set(i, r);
            }
            return i;
        }
    }
}
