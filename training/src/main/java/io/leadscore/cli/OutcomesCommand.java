package io.leadscore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code leadscore outcomes}: what the server learned from the CRM's reported outcomes. */
@Command(name = "outcomes", mixinStandardHelpOptions = true,
        description = "Reported outcomes joined to the predictions the server logged.",
        subcommands = {OutcomesExportCommand.class})
final class OutcomesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose an outcomes command: export");
    }
}
