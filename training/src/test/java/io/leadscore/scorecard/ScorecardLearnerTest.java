package io.leadscore.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.features.LabelParser;
import io.leadscore.model.RankingMetrics;
import io.leadscore.rules.Criterion;
import io.leadscore.rules.RuleSet;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.synthetic.LeadGenerator;
import io.leadscore.training.TierPolicy;
import io.leadscore.training.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorecardLearnerTest {
    @TempDir
    Path dir;

    @Test
    void learnsAPointTableThatBeatsTheHandTunedOneAndReadsBackIdentically() throws Exception {
        Path data = dir.resolve("leads.parquet");
        new LeadGenerator(21).write(12_000, data);
        Table t = TableReader.read(data);
        TrainingData d = TrainingData.prepare(t, "converted", "scored_at", List.of());
        int[] train = IntStream.range(0, 8_000).toArray();
        int[] test = IntStream.range(8_000, 12_000).toArray();
        RuleSet card = ScorecardLearner.learn(t, train, d.labels(train), d.inputs(), Map.of(), TierPolicy.capacity(0.1, 0.3), 5, "scorecard.yaml");
        assertTrue(card.criteria().size() >= 8, "most inputs carry points: " + card.criteria().size());
        assertTrue(card.warmFrom() <= card.hotFrom());

        Path yaml = dir.resolve("scorecard.yaml");
        Files.writeString(yaml, ScorecardYaml.write(card, "test scorecard"));
        RuleSet back = RuleSetParser.parse(yaml);
        assertEquals(card.criteria().size(), back.criteria().size());
        assertEquals(card.warmFrom(), back.warmFrom());
        for (int r = 0; r < t.rowCount(); r += 7) {
            assertEquals(card.points(t.row(r)), back.points(t.row(r)), "row " + r);
        }

        RuleSet handTuned = RuleSetParser.parse(Path.of("..", "rules", "default-rules.yaml"));
        int[] y = LabelParser.parse(t.select(test), "converted");
        double[] learned = new double[test.length];
        double[] hand = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            learned[i] = back.points(t.row(test[i]));
            hand[i] = handTuned.points(t.row(test[i]));
        }
        double learnedAuc = RankingMetrics.auc(learned, y);
        double handAuc = RankingMetrics.auc(hand, y);
        assertTrue(learnedAuc > handAuc + 0.02, "learned " + learnedAuc + " vs hand-tuned " + handAuc);
        for (Criterion c : back.criteria()) {
            assertTrue(c.buckets().stream().allMatch(b -> b.points() != 0), "zero-point lines are left out");
        }
    }
}
