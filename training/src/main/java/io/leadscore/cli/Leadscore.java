package io.leadscore.cli;

import io.leadscore.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code leadscore} command line. Exit codes: 0 success, 1 internal error, 2 bad input or usage
 * (one message naming the file, row and column; never a stack trace).
 */
@Command(name = "leadscore", mixinStandardHelpOptions = true, version = "leadscore 0.1.0",
        description = "Learn lead-conversion models from outcomes and compare them with your point table.",
        subcommands = {GenerateCommand.class, TrainCommand.class, EvaluateCommand.class, CompareCommand.class, ServeCommandPointer.class,
                PromoteCommand.class, FeaturesCommand.class, OutcomesCommand.class, ScoreCommand.class})
public final class Leadscore implements Runnable {
    /** Exit code for a problem with the user's input. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command");
    }

    /** A command line with leadscore's error handling, for {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Leadscore());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DataException) {
                cmd.getErr().println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            cmd.getErr().println("error: internal problem (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); set LEADSCORE_DEBUG=1 for details");
            if (System.getenv("LEADSCORE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
