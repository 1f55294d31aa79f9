package io.leadscore.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.Table;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TargetEncodingTest {
    /**
     * 400 rows: {@code campaign} has 40 levels of 2–18 rows (one-hot would keep only the levels of at
     * least 10 rows, lumping the rest), level {@code c0} converts always, the others one row in four;
     * {@code region} has 4 frequent levels; a few campaigns are missing.
     */
    private static Table table() {
        int n = 400;
        String[] campaign = new String[n];
        String[] region = new String[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int level = i % 40;
            campaign[i] = i % 97 == 5 ? null : "c" + (i < 200 ? level : level % 10 + 10 * (i % 3));
            region[i] = "r" + i % 4;
            y[i] = "c0".equals(campaign[i]) || i % 4 == 0 ? 1 : 0;
        }
        return new Table("t", List.of(Column.ofStrings("campaign", campaign), Column.ofStrings("region", region),
                Column.ofNumbers("y", ColumnType.NUMERIC, y)));
    }

    private static int[] y(Table t) {
        return IntStream.range(0, t.rowCount()).map(r -> (int) t.require("y", "label").number(r)).toArray();
    }

    @Test
    void targetEncodesOnlyACategoricalWithManyLevelsThatOneHotWouldLump() {
        Table t = table();
        FeatureEncoding oneHot = EncodingLearner.fit(t, List.of("campaign", "region"));
        FeatureEncoding target = EncodingLearner.fit(t, List.of("campaign", "region"), y(t));
        assertEquals(oneHot.inputs().get(1), target.inputs().get(1), "a few frequent levels: one-hot, exactly as without outcomes");
        assertNull(oneHot.inputs().get(0).targetEncoding(), "without outcomes, one-hot as before");
        InputFeature campaign = target.inputs().get(0);
        TargetEncoding te = campaign.targetEncoding();
        assertEquals(40, te.levels().size(), "every level seen keeps its own rate, the rare ones too");
        List<String> frequent = oneHot.inputs().get(0).levels();
        assertEquals(30, frequent.size());
        assertEquals(frequent, campaign.levels(), "the frequent levels keep their one-hot features");
        assertTrue(campaign.missingIndicator());
        List<String> names = new java.util.ArrayList<>(frequent.stream().map(l -> "campaign=" + l).toList());
        names.addAll(List.of("campaign=unknown", "campaign", "campaign=missing", "region=r0", "region=r1", "region=r2", "region=r3", "region=unknown"));
        assertEquals(names, List.of(target.featureNames()));
        assertTrue(te.value("c0") > 1, "an always-converting level raises the log-odds: " + te.value("c0"));
        assertTrue(te.value("c1") < 0);
        assertEquals(0.0, te.value("never-seen"));
        assertTrue(te.smoothing() >= TargetEncoding.MIN_SMOOTHING && te.smoothing() <= TargetEncoding.MAX_SMOOTHING);
    }

    @Test
    void encodesLevelsUnseenAndMissingValues() {
        TargetEncoding te = new TargetEncoding(0.3, 4, Map.of("a", new TargetEncoding.Outcomes(10, 5), "b", new TargetEncoding.Outcomes(2, 2)));
        FeatureEncoder both = new FeatureEncoder(new FeatureEncoding(List.of(
                new InputFeature("campaign", ColumnType.CATEGORICAL, false, null, null, null, true, List.of("a"), te))));
        assertArrayEquals(new String[] {"campaign=a", "campaign=unknown", "campaign", "campaign=missing"}, both.encoding().featureNames());
        assertEncodes(both, "a", new double[] {1, 0, te.value("a"), 0});
        assertEncodes(both, "b", new double[] {0, 1, te.value("b"), 0});
        assertEncodes(both, "zzz", new double[] {0, 1, 0, 0}, "campaign: unseen value 'zzz' treated as unknown");
        assertEncodes(both, null, new double[] {0, 0, 0, 1}, "campaign: missing, treated as missing");

        FeatureEncoder rateOnly = new FeatureEncoder(new FeatureEncoding(List.of(
                new InputFeature("campaign", ColumnType.CATEGORICAL, true, null, null, null, false, List.of(), te))));
        assertArrayEquals(new String[] {"campaign"}, rateOnly.encoding().featureNames(), "no frequent level: the rate alone");
        assertEncodes(rateOnly, "b", new double[] {te.value("b")});
        assertEncodes(rateOnly, "zzz", new double[] {0}, "campaign: unseen value 'zzz' treated as unknown");
        assertEncodes(rateOnly, null, new double[] {0}, "campaign: missing, treated as unknown");
        assertTrue(te.value("b") > te.value("a") && te.value("a") > 0, "shrunk toward 0.3: " + te.value("a") + ", " + te.value("b"));
        assertEquals(Math.log(((2 + 4 * 0.3) / 6) / (1 - (2 + 4 * 0.3) / 6)) - Math.log(0.3 / 0.7), te.value("b"), 1e-12);
    }

    private static void assertEncodes(FeatureEncoder enc, String campaign, double[] expected, String... warnings) {
        Map<String, Object> lead = new HashMap<>();
        lead.put("campaign", campaign);
        FeatureVector v = enc.encode(lead::get);
        assertArrayEquals(expected, v.values(), 0.0, String.valueOf(campaign));
        assertEquals(List.of(warnings), v.warnings());
    }

    @Test
    void theFitRowsGetRatesFittedWithoutTheirOwnFoldAndEveryOtherLeadTheFullFit() {
        Table t = table();
        int[] y = y(t);
        int[] fitRows = IntStream.range(0, 300).toArray();
        int[] yFit = IntStream.range(0, 300).map(r -> y[r]).toArray();
        FeatureEncoder served = new FeatureEncoder(EncodingLearner.fit(t.select(fitRows), List.of("campaign"), yFit));
        FeatureEncoder training = served.outOfFold(t, fitRows, yFit, 1);
        int at = List.of(served.encoding().featureNames()).indexOf("campaign");
        double[] oof = TargetEncoding.outOfFold(t.require("campaign", "feature"), fitRows, yFit, FeatureEncoder.TARGET_FOLDS, 1);
        int differ = 0;
        for (int r : fitRows) {
            double value = training.encode(t.row(r)).values()[at];
            assertEquals(oof[r], value, 0.0);
            differ += value != served.encode(t.row(r)).values()[at] ? 1 : 0;
        }
        assertTrue(differ > 250, "a fit row's own outcome is left out of its rate: " + differ);
        double[] a = training.encode(t.row(0)).values();
        double[] b = served.encode(t.row(0)).values();
        a[at] = b[at];
        assertArrayEquals(b, a, 0.0, "only the rate is out of fold");
        for (int r = 300; r < 400; r++) {
            assertArrayEquals(served.encode(t.row(r)).values(), training.encode(t.row(r)).values(), 0.0, "row " + r + " is not a fit row");
        }
        Table copy = t.select(IntStream.range(0, 400).toArray());
        assertArrayEquals(served.encode(copy.row(0)).values(), training.encode(copy.row(0)).values(), 0.0,
                "a row of another table is encoded as served");
        assertArrayEquals(oof, TargetEncoding.outOfFold(t.require("campaign", "feature"), fitRows, yFit, FeatureEncoder.TARGET_FOLDS, 1),
                "seeded");
        assertNotEquals(0, java.util.Arrays.stream(oof).filter(v -> v != 0).count());
    }

    @Test
    void anEncodingWithoutOutcomesIsItsOwnOutOfFoldEncoder() {
        Table t = table();
        FeatureEncoder enc = new FeatureEncoder(EncodingLearner.fit(t, List.of("campaign", "region")));
        assertFalse(enc.encoding().targetEncoded());
        assertTrue(enc == enc.outOfFold(t, new int[] {0, 1}, new int[] {0, 1}, 1));
    }

    @Test
    void theCardKeepsTheRatesAndACardWithoutThemReadsAsBefore() throws Exception {
        Table t = table();
        FeatureEncoding target = EncodingLearner.fit(t, List.of("campaign", "region"), y(t));
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(target);
        assertTrue(text.contains("\"targetEncoding\":{\"prior\":"), text.substring(0, 200));
        assertTrue(text.contains("\"c0\":{\"rows\":"), "each level's rows and conversions are in the card");
        FeatureEncoding back = json.readValue(text, FeatureEncoding.class);
        assertEquals(target.inputs(), back.inputs());
        Map<String, Object> lead = new HashMap<>(Map.of("campaign", "c7", "region", "r2"));
        assertArrayEquals(new FeatureEncoder(target).encode(lead::get).values(), new FeatureEncoder(back).encode(lead::get).values(), 0.0);

        String old = "[{\"name\":\"region\",\"type\":\"CATEGORICAL\",\"required\":true,\"missingIndicator\":false,\"levels\":[\"r0\",\"r1\"]}]";
        FeatureEncoding before = json.readValue(old, FeatureEncoding.class);
        assertNull(before.inputs().get(0).targetEncoding());
        assertArrayEquals(new String[] {"region=r0", "region=r1", "region=unknown"}, before.featureNames());
        assertEquals(old, json.writeValueAsString(before), "an old card writes back unchanged");
    }
}
