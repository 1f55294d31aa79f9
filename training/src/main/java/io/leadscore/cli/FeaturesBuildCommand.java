package io.leadscore.cli;

import io.leadscore.data.DataException;
import io.leadscore.data.ValueParser;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureDefinitionsParser;
import io.leadscore.featurestore.Window;
import io.leadscore.offline.OfflineFeatureBuild;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import io.leadscore.spark.SparkFeatureBuild;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadscore features build}: a point-in-time-correct training set from events and lead snapshots. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Write a point-in-time-correct training set: per lead and scoring instant, features from events strictly before it "
                + "and the label 'converted within the label window after it'.")
final class FeaturesBuildCommand implements Callable<Integer> {
    @Option(names = "--events", required = true, description = "Event log (.parquet: lead_id, ts, type[, page, channel, campaign, value]), grouped by lead_id ascending "
            + "(any order with --engine spark, which also takes Parquet directories and Hadoop URIs).")
    String events;

    @Option(names = "--leads", required = true, description = "Lead snapshots (.parquet: lead_id, scored_at, converted_at, attributes), grouped by lead_id ascending "
            + "(any order with --engine spark).")
    String leads;

    @Option(names = "--features", required = true, description = "Feature definitions (features.yaml).")
    Path features;

    @Option(names = "--label-window", defaultValue = "30d", description = "Label: converted within this long after scoring (default: ${DEFAULT-VALUE}).")
    String labelWindow;

    @Option(names = "--snapshot-every", description = "Also score each lead again at this interval after each snapshot (e.g. 7d).")
    String snapshotEvery;

    @Option(names = "--snapshots", description = "Scoring instants per snapshot row with --snapshot-every (default: 4).")
    Integer snapshots;

    @Option(names = "--as-of", description = "Outcomes are known up to this instant (ISO-8601); instants whose label window ends later are dropped.")
    String asOf;

    @Option(names = "--out", required = true, description = "Training set to write (.parquet), atomically; a Parquet directory with --engine spark.")
    String out;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws java.io.IOException {
        Window window = FeaturesCommand.duration("--label-window", labelWindow);
        Window every = snapshotEvery == null ? null : FeaturesCommand.duration("--snapshot-every", snapshotEvery);
        int n = snapshots == null ? (every == null ? 1 : 4) : snapshots;
        if (n < 1 || (n > 1 && every == null)) {
            throw new DataException("--snapshots", n < 1 ? "must be at least 1" : "needs --snapshot-every");
        }
        Long asOfMillis = null;
        if (asOf != null) {
            Instant i = ValueParser.parseTimestamp(asOf);
            if (i == null) {
                throw new DataException("--as-of", "must be an ISO-8601 date or instant, got '" + asOf + "'");
            }
            asOfMillis = i.toEpochMilli();
        }
        if (!out.endsWith(".parquet")) {
            throw new DataException(out, "the training set is written as Parquet: name it *.parquet");
        }
        boolean spark = engine.spark();
        FeatureDefinitions defs = FeatureDefinitionsParser.parse(features);
        long start = System.nanoTime();
        OfflineFeatureBuild.Summary s;
        if (spark) {
            OfflineFeatureBuild.Options rule = new OfflineFeatureBuild.Options(null, null, defs, window, every, n, asOfMillis, null);
            try (SparkSession session = engine.startSpark("features build")) {
                s = SparkFeatureBuild.run(session, new SparkFeatureBuild.Options(events, leads, rule, out));
            }
        } else {
            s = OfflineFeatureBuild.run(new OfflineFeatureBuild.Options(Path.of(events), Path.of(leads), defs, window, every, n, asOfMillis,
                    Path.of(out)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("wrote %,d rows for %,d leads to %s (%d features, label %s: %,d positive)%n", s.rows(), s.leads(), out,
                defs.definitions().size(), s.labelColumn(), s.positives());
        System.out.printf("read %,d events in %.1f s (%,.0f events/s); %,d events of leads not in %s%n", s.eventsRead(), seconds,
                s.eventsRead() / Math.max(seconds, 1e-9), s.eventsWithoutLead(), Path.of(leads).getFileName());
        if (s.skippedConverted() + s.skippedUnlabelled() > 0) {
            System.out.printf("not scored: %,d instants at or after the lead converted, %,d with the label window not over by --as-of%n",
                    s.skippedConverted(), s.skippedUnlabelled());
        }
        System.out.printf("train with: leadscore train --data %s --label %s --time-column scored_at --features %s --out MODEL%s%n", out,
                s.labelColumn(), features, spark ? " --engine spark" : "");
        return 0;
    }
}
