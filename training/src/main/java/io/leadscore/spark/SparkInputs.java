package io.leadscore.spark;

import static io.leadscore.spark.SparkTrainingRun.FILE;
import static io.leadscore.spark.SparkTrainingRun.ROW;
import static io.leadscore.spark.SparkTrainingRun.T;
import static io.leadscore.spark.SparkTrainingRun.Y;
import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.training.TrainingData;
import io.leadscore.training.TrainingRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The Spark engine's checks of its rows before a fit: labels and times present, and which columns may be inputs. */
final class SparkInputs {
    private SparkInputs() {
    }

    /** Fails on the first row whose label or time is missing or not understood, naming its part file, row and column. */
    static void requireLabelsAndTimes(Dataset<Row> rows, String location, TrainingRun.Options o) {
        List<Row> bad = rows.filter(col(Y).isNull().or(col(T).isNull())).select(col(FILE), col(ROW), col(Y), col("_label_raw"), col(T))
                .limit(1).collectAsList();
        if (bad.isEmpty()) {
            return;
        }
        Row r = bad.get(0);
        String file = location.endsWith(r.getString(0)) ? location : location + "/" + r.getString(0);
        long row = r.getLong(1) + 1;
        if (r.isNullAt(2)) {
            Object rawLabel = r.get(3);
            throw DataException.atRow(file, row, o.label(), "label value " + (rawLabel == null ? "is missing"
                    : "'" + rawLabel + "' is not one of 1/0, true/false, yes/no"));
        }
        throw DataException.atRow(file, row, o.timeColumn(), "missing time; every row needs one for a time split");
    }

    /** The columns that may be inputs, by {@link TrainingData#reasonToDrop} over Spark's column statistics (one pass). */
    static List<String> chooseInputs(Dataset<Row> rows, Map<String, ColumnType> types, Map<String, String> dropped) {
        List<Column> aggs = new ArrayList<>();
        for (String c : types.keySet()) {
            aggs.add(count(col(c)));
            aggs.add(min(col(c)));
            aggs.add(max(col(c)));
            aggs.add(types.get(c) == ColumnType.CATEGORICAL ? approx_count_distinct(col(c), 0.01) : lit(2L));
        }
        if (aggs.isEmpty()) {
            return List.of();
        }
        Row s = rows.agg(count(lit(1)), aggs.toArray(Column[]::new)).first();
        long n = s.getLong(0);
        List<String> inputs = new ArrayList<>();
        int i = 1;
        for (Map.Entry<String, ColumnType> e : types.entrySet()) {
            long present = s.getLong(i);
            boolean oneValue = present > 0 && s.get(i + 1).equals(s.get(i + 2));
            long distinct = oneValue ? 1 : Math.max(2, s.getLong(i + 3));
            String why = TrainingData.reasonToDrop(e.getValue(), n, present, distinct);
            if (why == null) {
                inputs.add(e.getKey());
            } else {
                dropped.put(e.getKey(), why);
            }
            i += 4;
        }
        return inputs;
    }
}
