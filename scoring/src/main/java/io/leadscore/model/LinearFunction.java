package io.leadscore.model;

/**
 * A linear model's scoring function: log-odds {@code b + w·x}. Scoring is a dot product, and the
 * reasons are exact: {@code w_j (x_j − mean_j)} against the average training lead.
 */
public final class LinearFunction implements ScoringFunction {
    private final double intercept;
    private final double[] weights;
    private final double[] means;
    private final double base;

    /**
     * @param intercept the log-odds of the zero vector
     * @param weights one weight per encoded feature
     * @param means the training mean of each encoded feature (the reference lead of the reasons)
     */
    public LinearFunction(double intercept, double[] weights, double[] means) {
        if (weights.length != means.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + means.length + " features");
        }
        this.intercept = intercept;
        this.weights = weights.clone();
        this.means = means.clone();
        double b = intercept;
        for (int j = 0; j < weights.length; j++) {
            b += weights[j] * means[j];
        }
        this.base = b;
    }

    public double intercept() {
        return intercept;
    }

    public double[] weights() {
        return weights.clone();
    }

    /** The raw log-odds of an encoded lead. */
    public double logOdds(double[] x) {
        double z = intercept;
        for (int j = 0; j < weights.length; j++) {
            z += weights[j] * x[j];
        }
        return z;
    }

    @Override
    public double probability(double[] x) {
        return Calibration.sigmoid(logOdds(x));
    }

    @Override
    public double explain(double[] x, double[] contributions) {
        for (int j = 0; j < x.length; j++) {
            contributions[j] = weights[j] * (x[j] - means[j]);
        }
        return base;
    }
}
