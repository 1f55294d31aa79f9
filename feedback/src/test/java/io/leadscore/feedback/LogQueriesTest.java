package io.leadscore.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data scientist's SQL on the log (as given for the README) runs on both stores and gives the same answers. */
class LogQueriesTest {
    /** How many hot leads did model v7 score on 2026-12-03 (UTC)? */
    static final String HOT_YESTERDAY = """
            SELECT COUNT(*) AS hot_leads
            FROM prediction_log
            WHERE model_version = 'v7' AND tier = 'hot'
              AND predicted_at >= '2026-12-03' AND predicted_at < '2026-12-04'""";

    /** Conversion by tier: each outcome judged by the lead's latest prediction at or before it, model v7's only. */
    static final String CONVERSION_BY_TIER = """
            WITH judged AS (
              SELECT o.converted, p.tier, p.model_version,
                     ROW_NUMBER() OVER (PARTITION BY o.outcome_id ORDER BY p.predicted_at DESC, p.id DESC) AS r
              FROM outcomes o
              JOIN prediction_log p ON p.lead_id = o.lead_id AND p.predicted_at <= o.occurred_at)
            SELECT tier, COUNT(*) AS outcomes, SUM(CASE WHEN converted THEN 1 ELSE 0 END) AS converted,
                   ROUND(AVG(CASE WHEN converted THEN 1.0 ELSE 0.0 END), 3) AS conversion_rate
            FROM judged
            WHERE r = 1 AND model_version = 'v7'
            GROUP BY tier
            ORDER BY tier""";

    /** Predictions per UTC day and model version, with the mean probability and how many a challenger also scored. */
    static final String PER_DAY_AND_VERSION = """
            SELECT SUBSTR(CAST(predicted_at AS TEXT), 1, 10) AS day, model_version,
                   COUNT(*) AS predictions, COUNT(challenger_version) AS with_challenger,
                   ROUND(CAST(AVG(probability) AS NUMERIC), 3) AS mean_probability
            FROM prediction_log
            GROUP BY SUBSTR(CAST(predicted_at AS TEXT), 1, 10), model_version
            ORDER BY day, model_version""";

    @TempDir
    Path dir;

    private static void fill(FeedbackStore s) {
        Random random = new Random(11);
        Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
        for (int i = 0; i < 3_000; i++) {
            double p = random.nextInt(1000) / 1000.0;
            s.log(new PredictionRecord("lead-" + random.nextInt(400), random.nextInt(3) == 0 ? "v6" : "v7", p, 1 + (int) Math.round(p * 98),
                    p > 0.7 ? "hot" : p > 0.3 ? "warm" : "cold", random.nextBoolean() ? "v8" : null, null,
                    t0.plusSeconds(random.nextInt(7 * 86_400)), new byte[] {(byte) random.nextInt(5)}));
        }
        for (int i = 0; i < 500; i++) {
            s.record(new Outcome("o-" + i, "lead-" + random.nextInt(400), random.nextInt(3) == 0,
                    t0.plusSeconds(random.nextInt(8 * 86_400)).toString(), null));
        }
        s.flush();
    }

    private static List<List<String>> rows(Connection c, String sql) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData m = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= m.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Number n && !(v instanceof Long || v instanceof Integer) ? String.format("%.3f", n.doubleValue()) : String.valueOf(v));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void theReadmeQueriesGiveTheSameAnswersOnBothStores() throws Exception {
        Path file = dir.resolve("fb.db");
        TestPostgres pg = TestPostgres.shared();
        String location = pg.newDatabase("queries");
        List<PredictionRecord> logged;
        try (FeedbackStore sqlite = FeedbackStore.open(file); FeedbackStore postgres = FeedbackStore.open(location)) {
            fill(sqlite);
            fill(postgres);
            logged = sqlite.predictions();
        }
        try (Connection lite = DriverManager.getConnection("jdbc:sqlite:" + file);
             Connection post = DriverManager.getConnection(pg.jdbcUrl("queries"), "postgres", "");
             Statement utc = post.createStatement()) {
            utc.execute("SET TIME ZONE 'UTC'");
            long hot = logged.stream().filter(p -> p.modelVersion().equals("v7") && p.tier().equals("hot")
                    && p.at().toString().startsWith("2026-12-03")).count();
            assertEquals(List.of(List.of(String.valueOf(hot))), rows(lite, HOT_YESTERDAY));
            for (String sql : List.of(HOT_YESTERDAY, CONVERSION_BY_TIER, PER_DAY_AND_VERSION)) {
                List<List<String>> a = rows(lite, sql);
                assertTrue(!a.isEmpty());
                assertEquals(a, rows(post, sql), sql);
            }
            assertEquals(3, rows(lite, CONVERSION_BY_TIER).size(), "cold, hot, warm");
            assertEquals(7 * 2, rows(lite, PER_DAY_AND_VERSION).size(), "7 days, 2 versions");
        }
    }
}
