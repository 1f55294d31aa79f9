package io.leadscore.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.ColumnType;
import io.leadscore.features.FeatureEncoding;
import io.leadscore.features.InputFeature;
import io.leadscore.features.LeadRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** PSI and the binning behind it, on numbers that can be checked by hand. */
class DriftTest {
    private static final InputFeature VISITS = new InputFeature("visits", ColumnType.NUMERIC, false, "identity", 0.0, 1.0, true, null);
    private static final InputFeature DEMO = new InputFeature("demo", ColumnType.BOOLEAN, false, null, null, null, true, null);
    private static final InputFeature SOURCE = new InputFeature("source", ColumnType.CATEGORICAL, true, null, null, null, false, List.of("event", "web"));

    private static LeadRecord lead(Object visits, Object demo, Object source) {
        Map<String, Object> m = new HashMap<>();
        m.put("visits", visits);
        m.put("demo", demo);
        m.put("source", source);
        return m::get;
    }

    @Test
    void identicalDistributionsHaveNoDrift() {
        double[] shares = {0.1, 0.2, 0.3, 0.4};
        assertEquals(0.0, Drift.psi(shares, shares), 0);
        assertEquals(0.0, Drift.psi(shares, new long[] {10, 20, 30, 40}), 1e-15);
        assertEquals(Drift.Verdict.STABLE, Drift.Verdict.of(0.0));
    }

    @Test
    void aKnownShiftHasTheExactPsi() {
        // train 50/50, live 75/25: 0.25·ln(1.5) + (−0.25)·ln(0.5) = 0.25·ln 3
        assertEquals(0.25 * Math.log(3), Drift.psi(new double[] {0.5, 0.5}, new long[] {75, 25}), 1e-12);
        assertEquals(0.27465307216702745, Drift.psi(new double[] {0.5, 0.5}, new double[] {0.75, 0.25}), 1e-12);
        // an empty training bin counts as EPSILON
        double expected = (0.4 - 0.5) * Math.log(0.4 / 0.5) + (0.1 - Drift.EPSILON) * Math.log(0.1 / Drift.EPSILON);
        assertEquals(expected, Drift.psi(new double[] {0.5, 0.5, 0.0}, new double[] {0.5, 0.4, 0.1}), 1e-12);
        assertEquals(0.7123993, expected, 1e-6);
    }

    @Test
    void verdictsFollowTheUsualThresholds() {
        assertEquals(Drift.Verdict.STABLE, Drift.Verdict.of(0.0999));
        assertEquals(Drift.Verdict.SHIFTING, Drift.Verdict.of(0.1));
        assertEquals(Drift.Verdict.SHIFTING, Drift.Verdict.of(0.25));
        assertEquals(Drift.Verdict.SHIFTED, Drift.Verdict.of(0.2501));
        assertEquals("shifted", Drift.Verdict.SHIFTED.word());
    }

    @Test
    void numericFieldsGetDecileBinsDeDuplicatedPlusMissing() {
        List<LeadRecord> rows = new ArrayList<>();
        for (int v = 1; v <= 10; v++) {
            rows.add(lead((double) v, true, "web"));
        }
        FeatureProfile p = FeatureProfile.of(new FeatureEncoding(List.of(VISITS)), rows).get(0);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, p.edges());
        assertEquals(11, p.binCount());
        assertEquals(List.of("at most 1", "over 1 up to 2"), p.bins().subList(0, 2));
        assertEquals("over 9", p.bins().get(9));
        assertEquals("missing", p.bins().get(10));
        assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0}, p.shares(), 1e-12);

        FeatureBins bins = new FeatureBins(List.of(p));
        assertEquals(0, bins.bin(0, -3.0));
        assertEquals(0, bins.bin(0, 1.0), "edges are inclusive upper bounds");
        assertEquals(1, bins.bin(0, 1.5));
        assertEquals(9, bins.bin(0, 10.0));
        assertEquals(9, bins.bin(0, 1e9));
        assertEquals(10, bins.bin(0, null));
        assertEquals(10, bins.bin(0, Double.NaN));

        List<LeadRecord> skewed = new ArrayList<>();
        for (double v : new double[] {0, 0, 0, 0, 0, 0, 1, 1, 2, 5}) {
            skewed.add(lead(v, true, "web"));
        }
        skewed.add(lead(null, true, "web"));
        skewed.add(lead(null, true, "web"));
        FeatureProfile s = FeatureProfile.of(new FeatureEncoding(List.of(VISITS)), skewed).get(0);
        assertArrayEquals(new double[] {0, 1, 2}, s.edges(), "deciles 0,0,0,0,0,0,1,1,2 de-duplicated");
        assertArrayEquals(new double[] {6 / 12.0, 2 / 12.0, 1 / 12.0, 1 / 12.0, 2 / 12.0}, s.shares(), 1e-12);
    }

    @Test
    void booleanAndCategoricalFieldsHaveMissingAndUnseenBins() {
        List<LeadRecord> rows = List.of(lead(1.0, true, "web"), lead(1.0, false, "web"), lead(1.0, false, "event"), lead(1.0, null, "chat"));
        List<FeatureProfile> ps = FeatureProfile.of(new FeatureEncoding(List.of(DEMO, SOURCE)), rows);
        assertEquals(List.of("false", "true", "missing"), ps.get(0).bins());
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, ps.get(0).shares(), 1e-12);
        assertEquals(List.of("event", "web", FeatureProfile.OTHER, "missing"), ps.get(1).bins());
        assertArrayEquals(new double[] {0.25, 0.5, 0.25, 0}, ps.get(1).shares(), 1e-12);

        FeatureBins bins = new FeatureBins(ps);
        assertArrayEquals(new byte[] {1, 0}, bins.bin(lead(null, true, "event")));
        assertArrayEquals(new byte[] {0, 2}, bins.bin(lead(null, false, "never-seen")));
        assertArrayEquals(new byte[] {2, 3}, bins.bin(lead(null, null, null)));
        assertArrayEquals(new byte[] {1, 3}, bins.bin(lead(null, 1.0, null)), "booleans read as the encoder reads them (1 = true)");
    }

    @Test
    void driftIsReportedWorstFirstInBusinessWords() {
        List<LeadRecord> rows = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            rows.add(lead((double) rnd.nextInt(10), rnd.nextBoolean(), rnd.nextBoolean() ? "web" : "event"));
        }
        List<FeatureProfile> ps = FeatureProfile.of(new FeatureEncoding(List.of(VISITS, DEMO, SOURCE)), rows);
        FeatureBins bins = new FeatureBins(ps);
        long[][] counts = {new long[ps.get(0).binCount()], new long[3], new long[4]};
        for (LeadRecord r : rows) { // the training leads themselves, except that every one came from an event
            Map<String, Object> shifted = new HashMap<>(Map.of("visits", r.get("visits"), "demo", r.get("demo"), "source", "event"));
            byte[] b = bins.bin(shifted::get);
            for (int i = 0; i < b.length; i++) {
                counts[i][b[i]]++;
            }
        }
        List<Drift.FeatureDrift> drift = Drift.of(ps, counts, rows.size(), Map.of("source", "Where the lead came from"));
        assertEquals(List.of("source", "demo", "visits"), drift.stream().map(Drift.FeatureDrift::feature).toList(), "worst first, ties by name");
        assertEquals("Where the lead came from", drift.get(0).description());
        assertEquals(Drift.Verdict.SHIFTED, drift.get(0).verdict());
        assertEquals(0.0, drift.get(1).psi(), 1e-12, "the other fields are exactly as in training");
        assertEquals(0.0, drift.get(2).psi(), 1e-12);
        assertEquals(1000, drift.get(0).predictions());
        double webShare = ps.get(2).shares()[1];
        double eventShare = ps.get(2).shares()[0];
        double expected = (1 - eventShare) * Math.log(1 / eventShare) + (Drift.EPSILON - webShare) * Math.log(Drift.EPSILON / webShare);
        assertEquals(expected, drift.get(0).psi(), 1e-12);
        assertTrue(Drift.of(ps, counts, 0, Map.of()).isEmpty(), "no predictions, no drift");
    }

    @Test
    void binningALeadIsCheap() {
        List<FeatureProfile> ps = FeatureProfile.of(new FeatureEncoding(List.of(VISITS, DEMO, SOURCE, VISITS, DEMO, SOURCE)),
                List.of(lead(1.0, true, "web"), lead(3.0, false, "event"), lead(7.0, null, "x")));
        FeatureBins bins = new FeatureBins(ps);
        LeadRecord lead = lead(4.0, true, "event");
        long sink = 0;
        for (int i = 0; i < 2_000_000; i++) { // warm-up
            sink += bins.bin(lead)[0];
        }
        int n = 2_000_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += bins.bin(lead)[2];
        }
        double ns = (System.nanoTime() - t0) / (double) n;
        System.out.printf("binning a lead of 6 fields: %.0f ns (sink %d)%n", ns, sink);
        assertTrue(ns < 5_000, "binning a lead took " + ns + " ns");
    }
}
