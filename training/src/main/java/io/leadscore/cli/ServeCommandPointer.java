package io.leadscore.cli;

import io.leadscore.data.DataException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code leadscore serve}, as the training command line lists it. The server runs in a JVM of its own
 * on the serving module's classpath (no Spark, Hadoop or Parquet), which {@code bin/leadscore serve}
 * starts; run here, the command says so.
 */
@Command(name = "serve", description = "Starts the prediction server (bin/leadscore serve --help lists its options).")
final class ServeCommandPointer implements Callable<Integer> {
    @Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
        throw new DataException("serve", "the server runs on the serving module's classpath: start it with bin/leadscore serve");
    }
}
