package io.leadscore.cli;

import io.leadscore.data.DataException;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureDefinitionsParser;
import io.leadscore.offline.OnlineMaterializer;
import io.leadscore.online.FileOnlineStore;
import io.leadscore.online.OnlineStoreWriter;
import io.leadscore.online.RedisOnlineStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leadscore features materialize}: each lead's newest features from the offline store into the online store. */
@Command(name = "materialize", mixinStandardHelpOptions = true,
        description = "Write each lead's newest features (by scored_at) from a table written by 'features build' into the online store: "
                + "a JSON-lines file for 'serve --online-store', or Redis for 'serve --redis'.")
final class FeaturesMaterializeCommand implements Callable<Integer> {
    @Option(names = "--offline", required = true, description = "Feature table written by 'leadscore features build' (.parquet).")
    Path offline;

    @Option(names = "--features", required = true, description = "The feature definitions (features.yaml) it was built with.")
    Path features;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** Where to write: exactly one. */
    static final class Target {
        @Option(names = "--online-store", description = "Embedded online store file to write (JSON lines), replaced atomically.")
        Path file;

        @Option(names = "--redis", description = "Redis to write to, e.g. redis://127.0.0.1:6379.")
        String redis;
    }

    @Override
    public Integer call() {
        FeatureDefinitions defs = FeatureDefinitionsParser.parse(features);
        OnlineMaterializer.Summary s;
        if (target.file != null) {
            try (OnlineStoreWriter w = FileOnlineStore.writer(target.file)) {
                s = OnlineMaterializer.run(offline, defs, w);
            }
        } else {
            try (RedisOnlineStore store = RedisOnlineStore.connect(target.redis); OnlineStoreWriter w = store.writer()) {
                s = OnlineMaterializer.run(offline, defs, w);
            }
        }
        if (s.leads() == 0) {
            throw new DataException(offline.toString(), "no rows to materialize");
        }
        System.out.printf("materialized the newest features of %,d leads (from %,d rows; newest as of %s) into %s%n", s.leads(), s.rows(),
                Instant.ofEpochMilli(s.newest()), target.file != null ? target.file : target.redis);
        return 0;
    }
}
