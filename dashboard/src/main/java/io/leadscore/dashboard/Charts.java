package io.leadscore.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The page's charts from its data: ROC, cumulative gains, lift by decile and (when the data has it)
 * the model's calibration, each with its title, its SVG (drawn by {@link Svg}, which escapes the
 * names it prints) and the line that says how to read it.
 */
final class Charts {
    private Charts() {
    }

    /** One map per chart: {@code title}, {@code svg} (markup the template prints as is) and {@code explain}. */
    static List<Map<String, Object>> of(JsonNode data, List<String> rankers) {
        return of(data, rankers, "");
    }

    /** The charts, their SVG ids ending in {@code idSuffix} (one page shows several sets: all leads, then each segment). */
    static List<Map<String, Object>> of(JsonNode data, List<String> rankers, String idSuffix) {
        List<String> names = new ArrayList<>();
        List<List<double[]>> roc = new ArrayList<>();
        List<List<double[]>> gains = new ArrayList<>();
        List<double[]> lift = new ArrayList<>();
        for (String r : rankers) {
            names.add(DashboardPage.label(data, r));
            roc.add(points(data.get("roc").get(r)));
            gains.add(points(data.get("gains").get(r)));
            lift.add(numbers(data.get("lift_by_decile").get(r)));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(chart("ROC curve", Svg.lines("chart-roc" + idSuffix, names, roc, "share of non-converting leads ranked high", "share of conversions ranked high", 1, 1, true, false),
                "The higher and further left a line, the better it separates leads that convert from those that do not. The dashed line is chance."));
        out.add(chart("Cumulative gains", Svg.lines("chart-gains" + idSuffix, names, gains, "share of leads contacted, best first", "share of all conversions reached", 1, 1, true, false),
                "If your team contacts the best-ranked share of leads on the x-axis, it reaches the share of all conversions on the y-axis."));
        List<String> deciles = new ArrayList<>();
        for (int d = 1; d <= 10; d++) {
            deciles.add(Integer.toString(d));
        }
        out.add(chart("Lift by decile", Svg.bars("chart-lift" + idSuffix, names, lift, deciles, "score decile (1 = best-ranked 10% of leads)", "conversion rate vs average (×)"),
                "Each bar: how many times more often the leads of that decile converted than the average lead. Good rankings fall steeply from left to right."));
        if (data.has("calibration")) {
            List<double[]> cal = new ArrayList<>();
            for (JsonNode b : data.get("calibration")) {
                if (b.hasNonNull("mean_predicted")) {
                    cal.add(new double[] {b.get("mean_predicted").asDouble(), b.get("observed_rate").asDouble()});
                }
            }
            out.add(chart("Calibration of the model", Svg.lines("chart-calibration" + idSuffix, List.of(DashboardPage.label(data, "model")), List.of(cal),
                            "predicted conversion probability", "observed conversion rate", 1, 1, true, true),
                    "Leads grouped by predicted probability: when the dots lie on the dashed line, a predicted 30% means 3 in 10 such leads convert."));
        }
        return out;
    }

    private static Map<String, Object> chart(String title, String svg, String explain) {
        return Map.of("title", title, "svg", new SafeString(svg), "explain", explain);
    }

    private static List<double[]> points(JsonNode arr) {
        List<double[]> out = new ArrayList<>();
        for (JsonNode p : arr) {
            out.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
        }
        return out;
    }

    private static double[] numbers(JsonNode arr) {
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asDouble();
        }
        return out;
    }
}
