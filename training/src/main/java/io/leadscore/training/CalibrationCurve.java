package io.leadscore.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reliability curve: per equal-width probability bin, leads, mean predicted and observed rate. */
public final class CalibrationCurve {
    private CalibrationCurve() {
    }

    public static List<Map<String, Object>> of(double[] p, int[] y, int bins) {
        double[] sumP = new double[bins];
        long[] conv = new long[bins];
        long[] n = new long[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, (int) Math.floor(p[i] * bins));
            sumP[b] += p[i];
            conv[b] += y[i];
            n[b]++;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", (double) b / bins);
            m.put("to", (double) (b + 1) / bins);
            m.put("n", n[b]);
            m.put("mean_predicted", n[b] == 0 ? null : sumP[b] / n[b]);
            m.put("observed_rate", n[b] == 0 ? null : (double) conv[b] / n[b]);
            out.add(m);
        }
        return out;
    }
}
