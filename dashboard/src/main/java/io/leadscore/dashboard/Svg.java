package io.leadscore.dashboard;

import java.util.List;
import java.util.Locale;

/** Small server-side SVG charts: line charts over [0,1]² and grouped bar charts. */
final class Svg {
    static final int W = 420;
    static final int H = 300;
    private static final int L = 48;
    private static final int R = 12;
    private static final int T = 12;
    private static final int B = 40;
    static final String[] COLORS = {"#1f6feb", "#2da44e", "#cf222e", "#8250df"};

    private Svg() {
    }

    /** A chart of lines; each series is a list of (x, y) in [0, xMax] × [0, yMax]. */
    static String lines(String id, List<String> names, List<List<double[]>> series, String xLabel, String yLabel,
                        double xMax, double yMax, boolean diagonal, boolean markers) {
        StringBuilder sb = open(id);
        axes(sb, xLabel, yLabel, xMax, yMax);
        if (diagonal) {
            sb.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#999' stroke-dasharray='4 4'/>",
                    x(0, xMax), y(0, yMax), x(Math.min(xMax, yMax), xMax), y(Math.min(xMax, yMax), yMax)));
        }
        for (int s = 0; s < series.size(); s++) {
            StringBuilder path = new StringBuilder();
            for (double[] p : series.get(s)) {
                path.append(path.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p[0], xMax), y(p[1], yMax)));
            }
            sb.append("<path class='series' data-series='").append(esc(names.get(s))).append("' d='").append(path)
                    .append("' fill='none' stroke='").append(COLORS[s % COLORS.length]).append("' stroke-width='2'/>");
            if (markers) {
                for (double[] p : series.get(s)) {
                    sb.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", x(p[0], xMax), y(p[1], yMax), COLORS[s % COLORS.length]));
                }
            }
        }
        legend(sb, names);
        return sb.append("</svg>").toString();
    }

    /** Grouped bars: groups along x (labels), one bar per series. */
    static String bars(String id, List<String> names, List<double[]> series, List<String> groups, String xLabel, String yLabel) {
        double yMax = 0;
        for (double[] s : series) {
            for (double v : s) {
                yMax = Math.max(yMax, v);
            }
        }
        yMax = Math.ceil(yMax);
        StringBuilder sb = open(id);
        axes(sb, xLabel, yLabel, 0, yMax);
        double plotW = W - L - R;
        double groupW = plotW / groups.size();
        double barW = (groupW - 4) / series.size();
        for (int g = 0; g < groups.size(); g++) {
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s)[g];
                double top = y(v, yMax);
                sb.append(String.format(Locale.ROOT, "<rect class='bar' x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>%s: %.2f</title></rect>",
                        L + g * groupW + 2 + s * barW, top, Math.max(barW - 1, 1), H - B - top, COLORS[s % COLORS.length], esc(names.get(s)), v));
            }
            sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>", L + (g + 0.5) * groupW, H - B + 14, esc(groups.get(g))));
        }
        legend(sb, names);
        return sb.append("</svg>").toString();
    }

    private static StringBuilder open(String id) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg id='%s' class='chart' viewBox='0 0 %d %d' width='%d' height='%d' role='img' xmlns='http://www.w3.org/2000/svg'>", id, W, H, W, H));
    }

    private static void axes(StringBuilder sb, String xLabel, String yLabel, double xMax, double yMax) {
        sb.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>", L, H - B, W - R, H - B));
        sb.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>", L, T, L, H - B));
        for (int k = 0; k <= 4; k++) {
            double f = k / 4.0;
            if (xMax > 0) {
                sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>", x(f * xMax, xMax), H - B + 14, tick(f * xMax)));
            }
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%s</text>", L - 4, y(f * yMax, yMax) + 3, tick(f * yMax)));
        }
        sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>", L + (W - L - R) / 2.0, H - 6, esc(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text x='12' y='%.1f' font-size='11' text-anchor='middle' transform='rotate(-90 12 %.1f)'>%s</text>",
                T + (H - T - B) / 2.0, T + (H - T - B) / 2.0, esc(yLabel)));
    }

    private static void legend(StringBuilder sb, List<String> names) {
        for (int s = 0; s < names.size(); s++) {
            int ly = T + 8 + s * 14;
            sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='10' height='10' fill='%s'/><text x='%d' y='%d' font-size='11'>%s</text>",
                    L + 10, ly - 8, COLORS[s % COLORS.length], L + 24, ly + 1, esc(names.get(s))));
        }
    }

    private static String tick(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static double x(double v, double max) {
        return L + (max == 0 ? 0 : v / max) * (W - L - R);
    }

    private static double y(double v, double max) {
        return H - B - (max == 0 ? 0 : v / max) * (H - T - B);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }
}
