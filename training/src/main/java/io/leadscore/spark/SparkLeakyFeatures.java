package io.leadscore.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.leadscore.data.ColumnType;
import io.leadscore.training.LeakyFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The leakage guard of {@link LeakyFeatures} on Spark: the same buckets (levels; up to
 * {@link LeakyFeatures#BINS} quantile bins of the training rows for numbers, here Spark's
 * approximate quantiles; missing values apart), counted by Spark in one pass over all inputs, and the
 * same single-feature holdout AUC and refusal ({@link LeakyFeatures#aucOfBuckets},
 * {@link LeakyFeatures#refuseLeaks}).
 */
final class SparkLeakyFeatures {
    private SparkLeakyFeatures() {
    }

    /**
     * @param rows the data with {@code y} (0/1) and {@code holdout} (boolean) columns
     * @return each input's single-feature holdout AUC
     */
    static Map<String, Double> check(Dataset<Row> rows, Column y, Column holdout, List<String> inputs, Map<String, ColumnType> types,
                                     String source, boolean allow) {
        List<String> numeric = inputs.stream().filter(in -> types.get(in) == ColumnType.NUMERIC).toList();
        Map<String, double[]> cuts = new HashMap<>();
        if (!numeric.isEmpty()) {
            double[] probabilities = new double[LeakyFeatures.BINS - 1];
            for (int b = 1; b < LeakyFeatures.BINS; b++) {
                probabilities[b - 1] = (double) b / LeakyFeatures.BINS;
            }
            double[][] q = rows.filter(holdout.unary_$bang()).stat().approxQuantile(numeric.toArray(String[]::new), probabilities, 1e-3);
            for (int i = 0; i < numeric.size(); i++) {
                cuts.put(numeric.get(i), Arrays.stream(q[i]).distinct().sorted().toArray());
            }
        }
        List<Column> buckets = new ArrayList<>();
        for (String in : inputs) {
            Column b;
            if (cuts.containsKey(in)) {
                Column index = lit(0);
                for (double c : cuts.get(in)) {
                    index = index.plus(when(col(in).geq(lit(c)), 1).otherwise(0));
                }
                b = index.cast("string");
            } else {
                b = col(in).cast("string");
            }
            buckets.add(struct(lit(in).as("feature"), when(col(in).isNull(), lit(LeakyFeatures.MISSING_BUCKET)).otherwise(b).as("bucket")));
        }
        List<Row> counts = rows.select(holdout.as("held"), y.as("y"), explode(array(buckets.toArray(Column[]::new))).as("fb"))
                .groupBy(col("held"), col("fb.feature"), col("fb.bucket")).agg(sum(col("y")), count(lit(1))).collectAsList();
        Map<String, Map<String, long[]>> train = new HashMap<>();
        Map<String, Map<String, long[]>> held = new HashMap<>();
        for (Row r : counts) {
            Map<String, Map<String, long[]>> side = r.getBoolean(0) ? held : train;
            side.computeIfAbsent(r.getString(1), k -> new HashMap<>()).put(r.getString(2), new long[] {r.getLong(3), r.getLong(4)});
        }
        Map<String, Double> aucs = new LinkedHashMap<>();
        for (String in : inputs) {
            aucs.put(in, LeakyFeatures.aucOfBuckets(train.getOrDefault(in, Map.of()), held.getOrDefault(in, Map.of())));
        }
        LeakyFeatures.refuseLeaks(source, aucs, allow);
        return aucs;
    }
}
