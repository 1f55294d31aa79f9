package io.leadscore.spark;

import static io.leadscore.spark.SparkTrainingRun.CALIBRATION;
import static io.leadscore.spark.SparkTrainingRun.HOLDOUT;
import static io.leadscore.spark.SparkTrainingRun.PART;
import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The raw probabilities the driver needs, streamed from the executors part by part. */
final class SparkRawProbabilities {
    final Doubles calibration = new Doubles();
    final Doubles calibrationY = new Doubles();
    final Doubles window = new Doubles();
    final Doubles holdout = new Doubles();
    final Doubles holdoutY = new Doubles();
    long windowPositives;

    static SparkRawProbabilities collect(Dataset<Row> scored) {
        SparkRawProbabilities r = new SparkRawProbabilities();
        Iterator<Row> it = scored.select(col(PART), col("label"), functions.vector_to_array(col("probability"), "float64").getItem(1))
                .toLocalIterator();
        while (it.hasNext()) {
            Row row = it.next();
            int part = row.getInt(0);
            double y = row.getDouble(1);
            double p = row.getDouble(2);
            if (part == HOLDOUT) {
                r.holdout.add(p);
                r.holdoutY.add(y);
            } else {
                r.window.add(p);
                r.windowPositives += (long) y;
                if (part == CALIBRATION) {
                    r.calibration.add(p);
                    r.calibrationY.add(y);
                }
            }
        }
        return r;
    }

    long calibrationPositives() {
        long pos = 0;
        for (double y : calibrationY.values()) {
            pos += (long) y;
        }
        return pos;
    }

    /** A growable array of doubles. */
    static final class Doubles {
        private double[] a = new double[1024];
        private int size;

        void add(double v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        int size() {
            return size;
        }

        double[] values() {
            return Arrays.copyOf(a, size);
        }

        int[] ints() {
            int[] out = new int[size];
            for (int i = 0; i < size; i++) {
                out[i] = (int) a[i];
            }
            return out;
        }
    }
}
