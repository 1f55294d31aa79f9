package io.leadscore.cli;

import io.leadscore.synthetic.LeadGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leadscore generate}: writes a synthetic lead history. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a synthetic lead history: DIR/leads.parquet (canonical schema) and DIR/events.parquet (its event log).")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--leads", required = true, description = "Number of leads.")
    long leads;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Override
    public Integer call() {
        if (leads <= 0) {
            throw new io.leadscore.data.DataException("--leads", "must be a positive number, got " + leads);
        }
        Path file = out.resolve("leads.parquet");
        Path events = out.resolve("events.parquet");
        long converted = new LeadGenerator(seed).write(leads, file, events);
        System.out.printf("wrote %,d leads (%,d converted, %.1f%%) to %s%n", leads, converted, 100.0 * converted / leads, file);
        System.out.println("wrote their events to " + events);
        return 0;
    }
}
