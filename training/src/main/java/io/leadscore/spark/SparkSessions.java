package io.leadscore.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place leadscore starts Spark. The master is {@code --master} if given, else the one
 * {@code spark-submit} set, else {@code local[*]}. Timestamps are read and written in UTC as
 * millisecond Parquet timestamps (the format of the Java path's files), and Spark's own log stays at
 * WARN.
 */
public final class SparkSessions {
    /** The master when neither {@code --master} nor {@code spark-submit} names one. */
    public static final String DEFAULT_MASTER = "local[*]";

    private SparkSessions() {
    }

    /**
     * Starts (or joins) a session.
     *
     * @param master a Spark master URL, or null for spark-submit's or {@link #DEFAULT_MASTER}
     * @param appName the application name shown by the cluster manager
     */
    public static SparkSession start(String master, String appName) {
        SparkConf submitted = new SparkConf();
        String chosen = master != null ? master : submitted.get("spark.master", DEFAULT_MASTER);
        SparkSession.Builder b = SparkSession.builder().appName(appName).master(chosen)
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")
                .config("spark.sql.ansi.enabled", "false");
        if (chosen.startsWith("local")) {
            b.config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
