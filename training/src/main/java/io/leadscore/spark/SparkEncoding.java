package io.leadscore.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.skewness;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.features.EncodingLearner;
import io.leadscore.data.ColumnType;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.features.FeatureEncoding;
import io.leadscore.features.InputFeature;
import io.leadscore.features.LeadRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;

/**
 * The model card's {@link FeatureEncoding} on Spark: fitted from column statistics that Spark
 * aggregates over the fit rows, decided by the same {@link FeatureEncoder} rules (transform, levels,
 * scaling), and applied by the very {@link FeatureEncoder#encode} that serving runs, row by row in a
 * UDF, so that Spark's vectors and serving's are built by one piece of code.
 */
public final class SparkEncoding {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkEncoding() {
    }

    /**
     * Fits the encoding of {@code inputs} on {@code fitRows} (numbers as double with NaN as missing,
     * booleans, text).
     *
     * @param types the leadscore type of each input
     */
    public static FeatureEncoding fit(Dataset<Row> fitRows, List<String> inputs, Map<String, ColumnType> types) {
        List<Column> first = new ArrayList<>();
        first.add(count(lit(1)).as("rows"));
        for (String in : inputs) {
            first.add(count(col(in)).as("present_" + in));
            if (types.get(in) == ColumnType.NUMERIC) {
                first.add(min(col(in)).as("min_" + in));
                first.add(skewness(col(in)).as("skew_" + in));
            }
        }
        Row stats = fitRows.agg(first.get(0), first.subList(1, first.size()).toArray(Column[]::new)).first();
        long rows = stats.getLong(stats.fieldIndex("rows"));
        Map<String, String> transforms = new HashMap<>();
        List<Column> second = new ArrayList<>();
        for (String in : inputs) {
            if (types.get(in) == ColumnType.NUMERIC && !stats.isNullAt(stats.fieldIndex("min_" + in))) {
                double skew = stats.isNullAt(stats.fieldIndex("skew_" + in)) ? 0.0 : stats.getDouble(stats.fieldIndex("skew_" + in));
                String transform = EncodingLearner.numericTransform(stats.getDouble(stats.fieldIndex("min_" + in)), Double.isNaN(skew) ? 0.0 : skew);
                transforms.put(in, transform);
                Column t = "log1p".equals(transform) ? log1p(greatest(col(in), lit(0.0))) : col(in);
                second.add(avg(t).as("mean_" + in));
                second.add(stddev_pop(t).as("std_" + in));
            }
        }
        Row moments = second.isEmpty() ? null : fitRows.agg(second.get(0), second.subList(1, second.size()).toArray(Column[]::new)).first();
        List<InputFeature> features = new ArrayList<>();
        for (String in : inputs) {
            boolean hasMissing = stats.getLong(stats.fieldIndex("present_" + in)) < rows;
            features.add(switch (types.get(in)) {
                case NUMERIC -> transforms.containsKey(in)
                        ? EncodingLearner.numeric(in, hasMissing, transforms.get(in), moments.getDouble(moments.fieldIndex("mean_" + in)),
                                moments.getDouble(moments.fieldIndex("std_" + in)))
                        : EncodingLearner.numeric(in, hasMissing, "identity", 0.0, 0.0);
                case BOOLEAN -> EncodingLearner.bool(in, hasMissing);
                case CATEGORICAL -> EncodingLearner.categorical(in, hasMissing, levelCounts(fitRows, in));
                case TIMESTAMP -> throw new IllegalArgumentException("timestamp column " + in + " cannot be a feature");
            });
        }
        return new FeatureEncoding(features);
    }

    private static Map<String, Long> levelCounts(Dataset<Row> rows, String column) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Row r : rows.filter(col(column).isNotNull()).groupBy(col(column)).count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    /** A vector column: each row's inputs encoded by {@link FeatureEncoder#encode}, in the card's feature order. */
    public static Column encode(FeatureEncoding encoding) {
        List<String> inputs = encoding.inputs().stream().map(InputFeature::name).toList();
        String json;
        try {
            json = JSON.writeValueAsString(encoding);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Column[] cols = inputs.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        return udf(new Encode(json), SQLDataTypes.VectorType()).apply(struct(cols));
    }

    /** A Spark row as a lead: its fields by name, missing as null (numbers as double, text, booleans). */
    static LeadRecord lead(Row row) {
        return field -> {
            int i = row.fieldIndex(field);
            return row.isNullAt(i) ? null : row.get(i);
        };
    }

    /** The UDF: carries the encoding as JSON (serialisable) and builds its encoder once per executor JVM copy. */
    private static final class Encode implements UDF1<Row, Vector> {
        private static final long serialVersionUID = 1L;
        private final String encodingJson;
        private transient FeatureEncoder encoder;

        Encode(String encodingJson) {
            this.encodingJson = encodingJson;
        }

        @Override
        public Vector call(Row row) throws Exception {
            if (encoder == null) {
                encoder = new FeatureEncoder(JSON.readValue(encodingJson, FeatureEncoding.class));
            }
            return Vectors.dense(encoder.encode(lead(row)).values());
        }
    }
}
