package io.leadscore.mlflow;

import java.util.List;

/**
 * The options a model was trained with, as given on the command line, logged as run parameters.
 *
 * @param algorithm e.g. {@code logistic}
 * @param seed the seed of every random step
 * @param label the outcome column
 * @param timeColumn the time column of a time split, or null for a random split
 * @param exclude columns excluded with {@code --exclude}
 */
public record RunParameters(String algorithm, long seed, String label, String timeColumn, List<String> exclude) {
    public RunParameters {
        exclude = List.copyOf(exclude);
    }
}
