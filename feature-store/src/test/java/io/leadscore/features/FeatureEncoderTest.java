package io.leadscore.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.Table;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {
    /** 30 rows: a skewed count, a boolean with gaps, a categorical with a rare level. */
    private static Table table() {
        int n = 30;
        double[] count = new double[n];
        double[] flag = new double[n];
        String[] level = new String[n];
        for (int i = 0; i < n; i++) {
            count[i] = i < 27 ? i % 3 : 200 + i;
            flag[i] = i % 5 == 0 ? Double.NaN : i % 2;
            level[i] = i < 15 ? "a" : i < 29 ? "b" : "rare";
        }
        return new Table("t", List.of(Column.ofNumbers("count", ColumnType.NUMERIC, count),
                Column.ofNumbers("flag", ColumnType.BOOLEAN, flag), Column.ofStrings("level", level)));
    }

    @Test
    void fitsEncodingsFromTheTrainingRows() {
        FeatureEncoding e = EncodingLearner.fit(table(), List.of("count", "flag", "level"));
        InputFeature count = e.inputs().get(0);
        assertEquals("log1p", count.transform(), "skewed non-negative counts are log-transformed");
        assertTrue(count.required());
        InputFeature flag = e.inputs().get(1);
        assertFalse(flag.required());
        assertTrue(flag.missingIndicator());
        InputFeature level = e.inputs().get(2);
        assertEquals(List.of("a", "b"), level.levels(), "levels rarer than the minimum share the unknown bucket");
        assertArrayEquals(new String[] {"count", "flag", "flag=missing", "level=a", "level=b", "level=unknown"}, e.featureNames());
        assertEquals(List.of("count", "level"), e.requiredInputs());
    }

    @Test
    void clampsANumberSoFarOutThatItsContributionWouldOverflow() {
        double[] x = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 9 - 4) * 0.001; // symmetric around 0: no log, a tiny standard deviation
        }
        FeatureEncoding e = EncodingLearner.fit(new Table("t", List.of(Column.ofNumbers("x", ColumnType.NUMERIC, x))), List.of("x"));
        assertEquals("identity", e.inputs().get(0).transform());
        FeatureEncoder enc = new FeatureEncoder(e);
        FeatureVector far = enc.encode(Map.of("x", Double.MAX_VALUE)::get);
        assertEquals(FeatureEncoder.MAX_STANDARD_SCORE, far.values()[0]);
        assertEquals(List.of("x: value " + Double.MAX_VALUE + " beyond 1.0E12 standard deviations of training, clamped"), far.warnings());
        assertEquals(-FeatureEncoder.MAX_STANDARD_SCORE, enc.encode(Map.of("x", -Double.MAX_VALUE)::get).values()[0]);
        FeatureVector near = enc.encode(Map.of("x", 1e6)::get);
        assertTrue(near.values()[0] < FeatureEncoder.MAX_STANDARD_SCORE && near.warnings().isEmpty(), "a large but sane value is not clamped");
    }

    @Test
    void encodesKnownUnknownAndMissingValues() {
        FeatureEncoding e = EncodingLearner.fit(table(), List.of("count", "flag", "level"));
        FeatureEncoder enc = new FeatureEncoder(e);
        InputFeature count = e.inputs().get(0);
        FeatureVector v = enc.encode(Map.of("count", 2.0, "flag", true, "level", "b")::get);
        assertEquals((Math.log1p(2.0) - count.mean()) / count.std(), v.values()[0], 1e-12);
        assertArrayEquals(new double[] {1, 0, 0, 1, 0}, Arrays.copyOfRange(v.values(), 1, 6));
        assertEquals(List.of(), v.warnings());

        FeatureVector u = enc.encode(Map.of("count", 2.0, "level", "zzz")::get);
        assertArrayEquals(new double[] {0, 1, 0, 0, 1}, Arrays.copyOfRange(u.values(), 1, 6));
        assertEquals(List.of("flag: missing, imputed", "level: unseen value 'zzz' treated as unknown"), u.warnings());
    }

    @Test
    void imputesWhatIsNotAFiniteNumberAndFloorsNegativeCounts() {
        FeatureEncoding e = EncodingLearner.fit(table(), List.of("count", "flag", "level"));
        FeatureEncoder enc = new FeatureEncoder(e);
        InputFeature count = e.inputs().get(0);
        for (Object bad : new Object[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, "3"}) {
            FeatureVector v = enc.encode(Map.of("count", bad, "flag", false, "level", "a")::get);
            assertEquals(0.0, v.values()[0], "count " + bad + " is imputed at the training mean (0 once centred)");
            assertEquals(List.of("count: missing, imputed"), v.warnings(), "count " + bad);
            assertNull(FeatureEncoder.asNumber(bad));
            assertTrue(Double.isNaN(FeatureEncoder.number(bad)));
        }
        FeatureVector negative = enc.encode(Map.of("count", -4.0, "flag", 3, "level", "a")::get);
        assertEquals((0.0 - count.mean()) / count.std(), negative.values()[0], 1e-12, "log1p of a count floored at 0");
        assertEquals(1.0, negative.values()[1], "a number other than 0 is true");
        assertEquals(List.of("count: negative value -4.0 treated as 0"), negative.warnings());
        assertEquals(1.0, FeatureEncoder.asNumber(true));
        assertEquals(0.0, FeatureEncoder.number(false));
        assertEquals(-4.0, FeatureEncoder.number(-4));
    }

    @Test
    void refusesANumericInputWithoutItsScale() {
        FeatureEncoding e = new FeatureEncoding(List.of(new InputFeature("count", ColumnType.NUMERIC, true, "identity", 1.0, null, false, null)));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> new FeatureEncoder(e));
        assertEquals("numeric input count has no mean or std in its encoding", x.getMessage());
    }

    @Test
    void encodingSurvivesAJsonRoundTrip() throws Exception {
        FeatureEncoding e = EncodingLearner.fit(table(), List.of("count", "flag", "level"));
        ObjectMapper json = new ObjectMapper();
        FeatureEncoding back = json.readValue(json.writeValueAsString(e), FeatureEncoding.class);
        assertEquals(e.inputs(), back.inputs());
        assertArrayEquals(e.featureNames(), back.featureNames());
    }
}
