package io.leadscore.model;

import java.util.function.ToDoubleFunction;

/**
 * Exact reasons for a linear model. Its log-odds are {@code b + w·x}; the weights are read off the
 * model itself by scoring the zero vector and each unit vector, and contributions are measured
 * against the average training lead: {@code w_j (x_j − mean_j)}.
 */
final class LinearExplainer implements Explainer {
    private final double[] weights;
    private final double[] means;
    private final double base;

    /**
     * @param rawLogOdds the model's raw log-odds of an encoded vector
     * @param means the training mean of each encoded feature
     */
    LinearExplainer(ToDoubleFunction<double[]> rawLogOdds, double[] means) {
        int d = means.length;
        double[] x = new double[d];
        double bias = rawLogOdds.applyAsDouble(x);
        weights = new double[d];
        double b = bias;
        for (int j = 0; j < d; j++) {
            x[j] = 1.0;
            weights[j] = rawLogOdds.applyAsDouble(x) - bias;
            x[j] = 0.0;
            b += weights[j] * means[j];
        }
        this.means = means.clone();
        this.base = b;
    }

    @Override
    public double explain(double[] x, double[] contributions) {
        for (int j = 0; j < x.length; j++) {
            contributions[j] = weights[j] * (x[j] - means[j]);
        }
        return base;
    }
}
