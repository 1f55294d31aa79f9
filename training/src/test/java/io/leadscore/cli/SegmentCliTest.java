package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.mlflow.MlflowTracking;
import io.leadscore.mlflow.PromotionCheck;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.SegmentedModel;
import io.leadscore.predict.Prediction;
import io.leadscore.predict.Predictor;
import io.leadscore.synthetic.LeadGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --segments 3} then {@code train --segment-by team}: teams that convert for
 * different reasons get models of their own that beat the single model on their holdout, the small
 * team is served by the pooled model, and {@code evaluate}/{@code compare}/{@code score} route by team.
 */
class SegmentCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path data;
    static Path segmented;
    static Path single;
    static Cli.Result trained;

    @BeforeAll
    static void trainBoth() throws Exception {
        Cli.Result g = Cli.run("generate", "--leads", "4000", "--seed", "3", "--segments", "3", "--out", dir.toString());
        assertEquals(0, g.exit(), g.err());
        data = dir.resolve("leads.parquet");
        segmented = dir.resolve("segmented");
        single = dir.resolve("single");
        trained = Cli.run("train", "--data", data.toString(), "--label", "converted", "--time-column", "scored_at", "--algorithm", "logistic",
                "--segment-by", "team", "--out", segmented.toString());
        assertEquals(0, trained.exit(), trained.err());
        System.out.println(trained.out());
        Cli.Result s = Cli.run("train", "--data", data.toString(), "--label", "converted", "--time-column", "scored_at", "--algorithm", "logistic",
                "--out", single.toString());
        assertEquals(0, s.exit(), s.err());
    }

    @Test
    void generatedTeamsAreDeterministicPerSeed() throws Exception {
        new LeadGenerator(3, 3).write(300, dir.resolve("a").resolve("leads.parquet"));
        new LeadGenerator(3, 3).write(300, dir.resolve("b").resolve("leads.parquet"));
        Table a = TableReader.read(dir.resolve("a").resolve("leads.parquet"));
        Table b = TableReader.read(dir.resolve("b").resolve("leads.parquet"));
        assertEquals("team", b.columnNames().get(b.columnNames().size() - 1));
        for (String c : a.columnNames()) {
            for (int r = 0; r < a.rowCount(); r++) {
                assertEquals(a.column(c).get().value(r), b.column(c).get().value(r), c + " row " + r);
            }
        }
        Table c = TableReader.read(data);
        Map<Object, Integer> teams = new HashMap<>();
        for (int r = 0; r < c.rowCount(); r++) {
            teams.merge(c.column("team").get().value(r), 1, Integer::sum);
        }
        assertEquals(3, teams.size(), teams.toString());
        assertTrue(teams.get("public_sector") < 400 && teams.get("smb") > teams.get("enterprise"), teams.toString());
    }

    /** The done-when test: each big team's own model beats the single model on its holdout; the small one is pooled. */
    @Test
    void segmentModelsBeatTheSingleModelAndASmallSegmentIsPooled() throws Exception {
        JsonNode card = JSON.readTree(segmented.resolve("model-card.json").toFile());
        JsonNode seg = card.get("segments");
        assertEquals("team", seg.get("column").asText());
        assertEquals(50, seg.get("min_positives").asInt());
        Map<String, JsonNode> byValue = new HashMap<>();
        seg.get("values").forEach(v -> byValue.put(v.get("value").asText(), v));
        assertEquals(java.util.Set.of("smb", "enterprise", "public_sector"), byValue.keySet());
        ConversionModel singleModel = ModelDirectory.load(single);
        SegmentedModel models = ModelDirectory.loadSegmented(segmented);
        for (String team : new String[] {"smb", "enterprise"}) {
            JsonNode v = byValue.get(team);
            assertEquals("segment", v.get("served_by").asText(), v.toString());
            assertEquals("segments/" + team, v.get("directory").asText());
            assertTrue(Files.isRegularFile(segmented.resolve("segments").resolve(team).resolve("model-card.json")));
            // measured here against the single model trained without --segment-by, on the segment's holdout rows
            Cli.Result e = Cli.run("evaluate", "--model", segmented.toString(), "--data", data.toString(), "--label", "converted", "--json");
            assertEquals(0, e.exit(), e.err());
            JsonNode own = JSON.readTree(e.out()).at("/segments/" + team);
            Cli.Result es = Cli.run("evaluate", "--model", single.toString(), "--data", data.toString(), "--label", "converted", "--json",
                    "--segment-by", "team");
            assertEquals(0, es.exit(), es.err());
            JsonNode base = JSON.readTree(es.out()).at("/segments/" + team);
            assertEquals(own.get("n").asLong(), base.get("n").asLong());
            assertEquals(v.at("/holdout_metrics/n").asLong(), own.get("n").asLong(), "the card's and evaluate's holdout rows agree");
            assertEquals(v.at("/holdout_metrics/auc").asDouble(), own.get("auc").asDouble(), 1e-12);
            System.out.printf("%s holdout (%d leads): segment model AUC %.4f log-loss %.4f; single model AUC %.4f log-loss %.4f%n", team,
                    own.get("n").asLong(), own.get("auc").asDouble(), own.get("log_loss").asDouble(), base.get("auc").asDouble(),
                    base.get("log_loss").asDouble());
            assertTrue(own.get("auc").asDouble() > base.get("auc").asDouble() + 0.01,
                    team + ": segment AUC " + own.get("auc") + " vs single " + base.get("auc"));
            assertTrue(own.get("log_loss").asDouble() < base.get("log_loss").asDouble(),
                    team + ": segment log-loss " + own.get("log_loss") + " vs single " + base.get("log_loss"));
            assertEquals("segment", own.get("served_by").asText());
            assertTrue(models.segments().containsKey(team));
        }
        JsonNode small = byValue.get("public_sector");
        assertEquals("pooled", small.get("served_by").asText(), small.toString());
        assertTrue(small.get("reason").asText().startsWith("too few converted leads"), small.toString());
        assertTrue(small.get("train_positives").asLong() < 50, small.toString());
        assertNull(small.get("directory"));
        assertFalse(models.segments().containsKey("public_sector"));
        assertTrue(trained.out().contains("segments by team:"), trained.out());

        Predictor p = new Predictor(models, null, 3);
        Table t = TableReader.read(data);
        for (int r = 0; r < 200; r++) {
            String team = (String) t.column("team").get().value(r);
            Prediction answer = p.predict(t.row(r));
            ConversionModel expected = team.equals("public_sector") ? models.pooled() : models.segments().get(team);
            assertEquals(team.equals("public_sector") ? null : team, answer.segment());
            assertEquals(expected.card().modelVersion(), answer.modelVersion());
            assertEquals(expected.probability(t.row(r)), answer.probability(), 0.0);
        }
        assertNotNull(models.pooled().card().segments());

        // an MLflow run of this model gets every segment's metrics, its own model's and the pooled model's
        Map<String, Double> logged = MlflowTracking.metrics(models.pooled().card());
        assertEquals(card.at("/holdout_metrics/auc").asDouble(), logged.get("holdout_auc"), 0.0);
        for (String team : new String[] {"smb", "enterprise"}) {
            assertEquals(byValue.get(team).at("/holdout_metrics/auc").asDouble(), logged.get("segment/" + team + "/holdout_auc"), 0.0);
            assertEquals(byValue.get(team).at("/pooled_holdout_metrics/log_loss").asDouble(),
                    logged.get("segment/" + team + "/pooled_holdout_log_loss"), 0.0);
        }
        assertNull(logged.get("segment/public_sector/holdout_auc"), "no model of its own: " + logged.keySet());
        assertEquals(small.at("/pooled_holdout_metrics/auc").asDouble(), logged.get("segment/public_sector/pooled_holdout_auc"), 0.0);
    }

    /** promote --if-not-worse's check: every segment the candidate serves by its own model is compared too. */
    @Test
    void promotionComparesEverySegmentTheCandidateServes() {
        SegmentedModel seg = ModelDirectory.loadSegmented(segmented);
        SegmentedModel one = ModelDirectory.loadSegmented(single);
        PromotionCheck better = PromotionCheck.run(seg, one, data, "converted", "scored_at");
        assertEquals(java.util.List.of("smb", "enterprise"), better.segments().stream().map(PromotionCheck.SegmentCheck::value).toList());
        assertTrue(better.notWorse(), better.whyWorse());
        PromotionCheck back = PromotionCheck.run(one, seg, data, "converted", "scored_at");
        assertTrue(back.segments().isEmpty(), "a candidate without segments is judged overall");
        assertFalse(back.notWorse());
        PromotionCheck.SegmentCheck first = better.segments().get(0);
        PromotionCheck mixed = new PromotionCheck(better.candidate(), better.champion(), better.rows(), java.util.List.of(
                new PromotionCheck.SegmentCheck(first.value(), first.champion(), first.candidate()), better.segments().get(1)));
        assertFalse(mixed.notWorse(), "better overall, worse on one served segment: refused");
        assertEquals("it is worse than the champion (AUC or log-loss) on the leads of segment smb", mixed.whyWorse());
    }
}
