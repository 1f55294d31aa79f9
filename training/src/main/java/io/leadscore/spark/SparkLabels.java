package io.leadscore.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.leadscore.data.ColumnType;
import org.apache.spark.sql.Column;

/**
 * The outcome column as 0/1 on Spark, with the values {@link io.leadscore.features.LabelParser}
 * accepts: 1/0, true/false, yes/no in any case; anything else (or missing) is null, which the
 * training run reports with its row.
 */
final class SparkLabels {
    private SparkLabels() {
    }

    static Column of(String column, ColumnType type) {
        if (type == ColumnType.CATEGORICAL) {
            Column s = lower(trim(col(column)));
            return when(s.isin("1", "true", "yes"), lit(1)).when(s.isin("0", "false", "no"), lit(0));
        }
        Column d = col(column).cast("double");
        return when(d.equalTo(1.0), lit(1)).when(d.equalTo(0.0), lit(0));
    }
}
