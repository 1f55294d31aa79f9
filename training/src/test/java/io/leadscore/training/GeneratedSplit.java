package io.leadscore.training;

import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.features.EncodingLearner;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.synthetic.LeadGenerator;
import java.nio.file.Path;
import java.util.List;

/**
 * Generated leads split by time and encoded as training does (the encoding fitted on the older
 * rows): the trainers' tests start from this.
 *
 * @param table the generated leads
 * @param data the table ready for training ({@code converted}, time column {@code scored_at})
 * @param split the newest rows held out
 * @param encoder the encoding fitted on the training rows
 * @param train the training rows encoded
 * @param holdout the held-out rows encoded
 */
record GeneratedSplit(Table table, TrainingData data, Split split, FeatureEncoder encoder, EncodedMatrix train, EncodedMatrix holdout) {

    /** Generates {@code leads} leads with {@code seed} into {@code dir}, splits and encodes them. */
    static GeneratedSplit of(Path dir, long seed, int leads) {
        Path file = dir.resolve("leads.parquet");
        new LeadGenerator(seed).write(leads, file);
        Table table = TableReader.read(file);
        TrainingData data = TrainingData.prepare(table, "converted", "scored_at", List.of());
        Split split = Split.byTime(table, "scored_at");
        FeatureEncoder encoder = new FeatureEncoder(EncodingLearner.fit(table.select(split.train()), data.inputs()));
        return new GeneratedSplit(table, data, split, encoder, EncodedMatrix.encode(table, split.train(), data.labels(split.train()), encoder),
                EncodedMatrix.encode(table, split.holdout(), data.labels(split.holdout()), encoder));
    }
}
