package io.leadscore.cli;

import io.leadscore.data.DataException;
import io.leadscore.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** {@code --engine java|spark} and {@code --master URL}, shared by {@code features build}, {@code train} and {@code score}. */
final class EngineOptions {
    /** The engines. */
    enum Engine { java, spark }

    @Option(names = "--engine", defaultValue = "java",
            description = "java (one JVM, the default) or spark (Spark MLlib; local[*] unless --master or spark-submit says otherwise).")
    Engine engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "With --engine spark: the Spark master (default: spark-submit's, else " + SparkSessions.DEFAULT_MASTER + ").")
    String master;

    boolean spark() {
        if (master != null && engine != Engine.spark) {
            throw new DataException("--master", "only applies with --engine spark");
        }
        return engine == Engine.spark;
    }

    /** Starts Spark for a command. */
    SparkSession startSpark(String command) {
        return SparkSessions.start(master, "leadscore " + command);
    }
}
