package io.leadscore.spark;

import io.leadscore.batch.ChunkScorer;
import io.leadscore.batch.LeadSource;
import io.leadscore.batch.OutputColumns;
import io.leadscore.batch.ScoreInputs;
import io.leadscore.batch.ScoredChunk;
import io.leadscore.model.Reason;
import io.leadscore.predict.Prediction;
import io.leadscore.predict.Predictor;
import io.leadscore.predict.ReasonJson;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Scores one partition of input rows on an executor with the driver's predictor (rebuilt from the
 * broadcast model), in chunks, through the same {@link ChunkScorer} as the Java engine: each
 * scored lead becomes an output row carrying its row number (to restore input order), each
 * rejected row's errors go to an accumulator.
 */
final class SparkScoreRows implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    /** The row-number column, sorted on and dropped before writing. */
    static final String ROW = "_ls_row";
    private static final int CHUNK = 4096;

    /** The output's columns (as {@link OutputColumns}). */
    record Shape(String idColumn, boolean rules, String modelName, String modelVersion, long scoredAt) implements Serializable {
    }

    private final Broadcast<ScoringShipment> shipment;
    private final Shape shape;
    private final int[] columnOf;
    private final int fileColumn;
    private final int rowIndexColumn;
    private final Map<String, Long> offsets;
    private final CollectionAccumulator<String[]> rejected;

    SparkScoreRows(Broadcast<ScoringShipment> shipment, Shape shape, int[] columnOf, int fileColumn, int rowIndexColumn,
                   Map<String, Long> offsets, CollectionAccumulator<String[]> rejected) {
        this.shipment = shipment;
        this.shape = shape;
        this.columnOf = columnOf;
        this.fileColumn = fileColumn;
        this.rowIndexColumn = rowIndexColumn;
        this.offsets = new java.util.HashMap<>(offsets);
        this.rejected = rejected;
    }

    /** The output schema, with the row-number column last when {@code withRow}. */
    static StructType schema(Shape s, boolean withRow) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField(s.idColumn(), DataTypes.StringType, true));
        f.add(DataTypes.createStructField(OutputColumns.PROBABILITY, DataTypes.DoubleType, false));
        f.add(DataTypes.createStructField(OutputColumns.SCORE, DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField(OutputColumns.TIER, DataTypes.StringType, true));
        if (s.rules()) {
            f.add(DataTypes.createStructField(OutputColumns.RULE_SCORE, DataTypes.IntegerType, true));
            f.add(DataTypes.createStructField(OutputColumns.RULE_TIER, DataTypes.StringType, true));
        }
        String[] r = OutputColumns.REASON_FIELDS;
        StructType reason = DataTypes.createStructType(List.of(DataTypes.createStructField(r[0], DataTypes.StringType, true),
                DataTypes.createStructField(r[1], DataTypes.StringType, true), DataTypes.createStructField(r[2], DataTypes.DoubleType, false),
                DataTypes.createStructField(r[3], DataTypes.StringType, true), DataTypes.createStructField(r[4], DataTypes.StringType, true)));
        f.add(DataTypes.createStructField(OutputColumns.REASONS, DataTypes.createArrayType(reason, true), true));
        f.add(DataTypes.createStructField(OutputColumns.MODEL_NAME, DataTypes.StringType, true));
        f.add(DataTypes.createStructField(OutputColumns.MODEL_VERSION, DataTypes.StringType, true));
        f.add(DataTypes.createStructField(OutputColumns.SCORED_AT, DataTypes.TimestampType, true));
        if (withRow) {
            f.add(DataTypes.createStructField(ROW, DataTypes.LongType, false));
        }
        return DataTypes.createStructType(f);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        Predictor predictor = shipment.value().predictor();
        ScoreInputs inputs = new ScoreInputs(predictor, shape.idColumn());
        ChunkScorer scorer = new ChunkScorer(predictor, inputs, null);
        return new Iterator<>() {
            private Iterator<Row> ready = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!ready.hasNext() && input.hasNext()) {
                    ready = chunk(scorer, inputs, input).iterator();
                }
                return ready.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return ready.next();
            }
        };
    }

    /** Reads, scores and converts the next chunk of the partition. */
    private List<Row> chunk(ChunkScorer scorer, ScoreInputs inputs, Iterator<Row> input) {
        List<Object[]> values = new ArrayList<>(CHUNK);
        long[] numbers = new long[CHUNK];
        while (values.size() < CHUNK && input.hasNext()) {
            Row r = input.next();
            Object[] v = new Object[inputs.width()];
            for (int slot = 0; slot < v.length; slot++) {
                if (columnOf[slot] >= 0) {
                    v[slot] = value(r.get(columnOf[slot]));
                }
            }
            numbers[values.size()] = offsets.get(r.getString(fileColumn)) + r.getLong(rowIndexColumn) + 1;
            values.add(v);
        }
        ScoredChunk done = scorer.score(new LeadSource.Rows(values.toArray(new Object[0][]), null),
                java.util.Arrays.copyOf(numbers, values.size()));
        for (ScoredChunk.Reject reject : done.rejects()) {
            for (String[] e : reject.errors()) {
                rejected.add(new String[] {Long.toString(reject.row()), reject.id(), e[0], e[1]});
            }
        }
        List<Row> out = new ArrayList<>(done.kept());
        Timestamp at = new Timestamp(shape.scoredAt());
        for (int i = 0; i < done.kept(); i++) {
            out.add(row(done.ids()[i], done.predictions()[i], done.rowNumbers()[i], at));
        }
        return out;
    }

    /** A Spark value as the Parquet reader of the Java engine gives it. */
    private static Object value(Object v) {
        if (v instanceof Float f) {
            return f.isNaN() ? null : (double) f;
        }
        if (v instanceof Double d) {
            return d.isNaN() ? null : d;
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        return v;
    }

    private Row row(String id, Prediction p, long rowNumber, Timestamp at) {
        List<Object> v = new ArrayList<>(13);
        v.add(id);
        v.add(p.probability());
        v.add(p.score());
        v.add(p.tier().label());
        if (shape.rules()) {
            v.add(p.ruleScore());
            v.add(p.ruleTier() == null ? null : p.ruleTier().label());
        }
        List<Row> reasons = new ArrayList<>(p.reasons().size());
        for (Reason r : p.reasons()) {
            reasons.add(RowFactory.create(r.feature(), ReasonJson.valueText(r.value()), ReasonJson.rounded(r.contribution()),
                    ReasonJson.direction(r.contribution()), r.description()));
        }
        v.add(scala.jdk.javaapi.CollectionConverters.asScala(reasons).toSeq());
        v.add(shape.modelName());
        v.add(shape.modelVersion());
        v.add(at);
        v.add(rowNumber);
        return RowFactory.create(v.toArray());
    }
}
