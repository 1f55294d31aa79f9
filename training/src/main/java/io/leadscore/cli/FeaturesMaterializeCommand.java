package io.leadscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code leadscore features materialize}: placeholder until the online store lands. */
@Command(name = "materialize", mixinStandardHelpOptions = true, description = "Write the newest features per lead into the online store.")
final class FeaturesMaterializeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new io.leadscore.data.DataException("materialize", "not available yet");
    }
}
