package io.leadscore.cli;

import io.leadscore.data.DataException;
import io.leadscore.featurestore.Window;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code leadscore features}: the feature store's commands. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Feature store: build point-in-time training sets from events, materialize the newest features for serving.",
        subcommands = {FeaturesBuildCommand.class, FeaturesMaterializeCommand.class})
final class FeaturesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a features command: build or materialize");
    }

    /** A finite duration option such as {@code 30d}, {@code 12h}. */
    static Window duration(String option, String text) {
        Window w = text == null ? null : Window.parse(text);
        if (w == null || w == Window.ALL) {
            throw new DataException(option, "must be a duration like 7d, 30d, 12h or 45m, got '" + text + "'");
        }
        return w;
    }
}
