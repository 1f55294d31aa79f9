package io.leadscore.spark;

import io.leadscore.data.DataException;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a Spark result as a Parquet directory so that a reader never sees half of it: into a
 * hidden temporary sibling first, checked, then renamed into place (an existing output is moved
 * aside and deleted only after the new one is in place). A rename is atomic on local disks and
 * HDFS; object stores such as S3 have no atomic rename.
 */
public final class SparkOutputs {
    private SparkOutputs() {
    }

    /**
     * Writes {@code data} to {@code location}.
     *
     * @param check runs on what was written (read back) before it is moved into place; may throw to
     *     discard it
     * @return what {@code check} returned
     */
    public static <T> T write(SparkSession spark, Dataset<Row> data, String location, Function<Dataset<Row>, T> check) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path target = new Path(location);
        Path temp = new Path(target.getParent(), target.getName() + ".tmp-" + UUID.randomUUID()); // not hidden: Spark skips hidden paths
        FileSystem fs;
        try {
            fs = target.getFileSystem(conf);
        } catch (IOException e) {
            throw new DataException(location, "cannot write: " + e.getMessage());
        }
        boolean moved = false;
        try {
            data.write().parquet(temp.toString());
            T result = check.apply(spark.read().parquet(temp.toString()));
            if (fs.exists(target)) {
                Path old = new Path(target.getParent(), target.getName() + ".old-" + UUID.randomUUID());
                rename(fs, target, old, location);
                rename(fs, temp, target, location);
                fs.delete(old, true);
            } else {
                rename(fs, temp, target, location);
            }
            moved = true;
            return result;
        } catch (IOException e) {
            throw new DataException(location, "cannot write: " + e.getMessage());
        } finally {
            if (!moved) {
                try {
                    fs.delete(temp, true);
                } catch (IOException ignored) {
                    // only a temporary directory
                }
            }
        }
    }

    private static void rename(FileSystem fs, Path from, Path to, String location) throws IOException {
        if (!fs.rename(from, to)) {
            throw new DataException(location, "cannot move " + from + " to " + to);
        }
    }
}
