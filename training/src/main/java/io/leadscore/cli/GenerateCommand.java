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

    @Option(names = "--segments", defaultValue = "0",
            description = "Also write a 'team' column with this many teams (at least 2) whose leads convert for different reasons "
                    + "(smb, enterprise, public_sector, …; shares 1 : 0.8 : 0.1 …), e.g. to try train --segment-by team. Default: none.")
    int segments;

    @Override
    public Integer call() {
        if (leads <= 0) {
            throw new io.leadscore.data.DataException("--leads", "must be a positive number, got " + leads);
        }
        if (segments == 1 || segments < 0) {
            throw new io.leadscore.data.DataException("--segments", "must be 0 (none) or at least 2, got " + segments);
        }
        Path file = out.resolve("leads.parquet");
        Path events = out.resolve("events.parquet");
        long converted = new LeadGenerator(seed, segments).write(leads, file, events);
        System.out.printf("wrote %,d leads (%,d converted, %.1f%%) to %s%n", leads, converted, 100.0 * converted / leads, file);
        System.out.println("wrote their events to " + events);
        return 0;
    }
}
