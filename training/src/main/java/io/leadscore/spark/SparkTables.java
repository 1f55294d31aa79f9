package io.leadscore.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_millis;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A Parquet file or directory read by Spark, with its columns checked before anything runs: a
 * missing column or one of the wrong type is a {@link DataException} naming the file and the column,
 * and a missing required value names the file, the row (1-based, within its part file) and the
 * column, as on the Java path.
 */
public final class SparkTables {
    /** The file-metadata columns Spark offers for Parquet: the part file and the row within it. */
    private static final String FILE_NAME = "_metadata.file_name";
    private static final String ROW_INDEX = "_metadata.row_index";

    private final String location;
    private final Dataset<Row> data;

    private SparkTables(String location, Dataset<Row> data) {
        this.location = location;
        this.data = data;
    }

    /** Opens a Parquet file or directory (a local path, or any URI Hadoop can read). */
    public static SparkTables open(SparkSession spark, String location) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
            org.apache.hadoop.fs.FileStatus[] found = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(path);
            if (found == null || found.length == 0) {
                throw new DataException(location, "no such file");
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new DataException(location, "cannot read: " + firstLine(e.getMessage()));
        }
        try {
            return new SparkTables(location, spark.read().parquet(location));
        } catch (Exception e) { // AnalysisException is checked in Java's eyes
            if (e instanceof AnalysisException && e.getMessage() != null && e.getMessage().contains("PATH_NOT_FOUND")) {
                throw new DataException(location, "no such file");
            }
            throw new DataException(location, "not a readable Parquet file or directory: " + firstLine(e.getMessage()));
        }
    }

    public String location() {
        return location;
    }

    public Dataset<Row> data() {
        return data;
    }

    public boolean has(String column) {
        return List.of(data.columns()).contains(column);
    }

    /** The leadscore column type of a column, or null when Spark's type has none. */
    public ColumnType typeOf(String column) {
        return typeOf(field(column).dataType());
    }

    static ColumnType typeOf(DataType t) {
        if (t instanceof StringType) {
            return ColumnType.CATEGORICAL;
        }
        if (t instanceof BooleanType) {
            return ColumnType.BOOLEAN;
        }
        if (t instanceof NumericType) {
            return ColumnType.NUMERIC;
        }
        if (t instanceof TimestampType || t instanceof TimestampNTZType || t instanceof DateType) {
            return ColumnType.TIMESTAMP;
        }
        return null;
    }

    /** Checks that {@code column} exists with one of the {@code allowed} types; {@code why} says what it is for. */
    public ColumnType require(String column, Set<ColumnType> allowed, String why) {
        if (!has(column)) {
            throw new DataException(location, null, column, "no such column (" + why + ")");
        }
        ColumnType t = typeOf(column);
        if (t == null || !allowed.contains(t)) {
            throw new DataException(location, null, column, "expected " + allowed.stream().map(a -> a.name().toLowerCase()).sorted().toList()
                    + " values (" + why + "), the file has " + (t == null ? field(column).dataType().simpleString() : t.name().toLowerCase()));
        }
        return t;
    }

    /** A timestamp column as epoch milliseconds (long). */
    public Column millis(String column) {
        return unix_millis(col(column).cast("timestamp"));
    }

    /** A column as leadscore reads it: numbers as double (NaN is missing), text, booleans. */
    public Column value(String column) {
        ColumnType t = typeOf(column);
        if (t == ColumnType.NUMERIC) {
            Column d = col(column).cast("double");
            return org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.isnan(d), lit(null).cast("double")).otherwise(d);
        }
        return col(column);
    }

    /**
     * Fails on the first row where one of {@code columns} is missing, naming its part file, row and
     * column. One pass over those columns.
     */
    public void requireValues(java.util.Map<String, String> whatByColumn) {
        List<String> columns = List.copyOf(whatByColumn.keySet());
        Column anyMissing = lit(false);
        for (String c : columns) {
            anyMissing = anyMissing.or(col(c).isNull());
        }
        List<Column> select = new java.util.ArrayList<>();
        select.add(col(FILE_NAME).as("file"));
        select.add(col(ROW_INDEX).as("row"));
        columns.forEach(c -> select.add(col(c)));
        List<Row> bad = data.filter(anyMissing).select(select.toArray(Column[]::new)).limit(1).collectAsList();
        if (bad.isEmpty()) {
            return;
        }
        Row r = bad.get(0);
        for (int i = 0; i < columns.size(); i++) {
            if (r.isNullAt(i + 2)) {
                String file = location.endsWith(r.getString(0)) ? location : location + "/" + r.getString(0);
                throw DataException.atRow(file, r.getLong(1) + 1, columns.get(i), "missing " + whatByColumn.get(columns.get(i)));
            }
        }
    }

    /**
     * The data set's SHA-256 as {@link io.leadscore.training.Hashing#sha256(java.nio.file.Path)}
     * computes it (a file's bytes, or a directory's data files in name order), read through Hadoop
     * so that any URI works.
     */
    public static String sha256(SparkSession spark, String location) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        try {
            org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            List<org.apache.hadoop.fs.Path> files = new java.util.ArrayList<>();
            if (fs.getFileStatus(path).isDirectory()) {
                for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(path)) {
                    if (f.isFile() && io.leadscore.training.Hashing.isDataFile(f.getPath().getName())) {
                        files.add(f.getPath());
                    }
                }
                files.sort(java.util.Comparator.comparing(org.apache.hadoop.fs.Path::getName));
            } else {
                files.add(path);
            }
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (org.apache.hadoop.fs.Path f : files) {
                try (java.io.InputStream in = fs.open(f)) {
                    io.leadscore.training.Hashing.update(md, in);
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.io.IOException e) {
            throw new DataException(location, "cannot read: " + e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private StructField field(String column) {
        return data.schema().apply(column);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
