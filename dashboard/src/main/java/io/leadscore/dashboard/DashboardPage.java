package io.leadscore.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the dashboard from its data ({@code compare --report} writes it as JSON): a headline at
 * an adjustable weekly capacity, ROC, cumulative gains, lift by decile and calibration charts, the
 * tier cross-table, both point tables side by side, a lead drill-down and, on a server that logs
 * predictions, a live panel (predictions, outcomes, live AUC, drift per field). Plain words and units,
 * and a line under each chart that says how to read it. {@link Mode#STATIC} embeds everything the
 * page needs (no server, no network); {@link Mode#SERVER} asks the server's JSON API for the
 * capacity figures and for leads.
 */
public final class DashboardPage {
    /** How the page gets its numbers. */
    public enum Mode { STATIC, SERVER }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ORDER = {"model", "scorecard", "rules"};

    private DashboardPage() {
    }

    /** The capacity headline figures for weekly capacity {@code k}, rounded as the page shows them. */
    public static Map<String, Object> capacity(JsonNode data, int k) {
        JsonNode cap = data.get("capacity");
        int kk = Math.max(0, Math.min(k, cap.get("max_k").asInt()));
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("k", kk);
        out.put("leads_contacted", Math.round(cap.get("leads_contacted").get(kk).asDouble()));
        for (String r : rankers(data)) {
            out.put(r, Math.round(cap.get("caught").get(r).get(kk).asDouble()));
        }
        return out;
    }

    /** One lead of the data by id, or null. */
    public static JsonNode lead(JsonNode data, String id) {
        for (JsonNode l : data.path("leads")) {
            if (id.equals(l.path("id").asText())) {
                return l;
            }
        }
        return null;
    }

    public static String render(JsonNode data, Mode mode) {
        List<String> rankers = rankers(data);
        StringBuilder h = new StringBuilder(32_768);
        h.append("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>leadscore: model vs point table</title>")
                .append("<meta name='viewport' content='width=device-width, initial-scale=1'>")
                .append("<style>").append(CSS).append("</style></head><body>");
        h.append("<header><h1>Lead scoring: the model against your point table</h1><p class='sub'>")
                .append(Svg.esc(data.path("model_version").asText())).append(" · ")
                .append(String.format(Locale.ROOT, "%,d held-out leads, %,d converted (%.1f%%)", data.get("n").asLong(), data.get("conversions").asLong(),
                        100.0 * data.get("conversions").asLong() / Math.max(1, data.get("n").asLong())))
                .append(" · ").append(periodWords(data)).append("</p></header>");

        // Headline
        JsonNode cap = data.get("capacity");
        h.append("<section id='headline' class='card'><h2>What your team would have caught</h2><p class='headline'>At a capacity of ")
                .append("<input id='k' type='number' min='1' max='").append(cap.get("max_k").asInt()).append("' value='").append(cap.get("default_k").asInt())
                .append("' aria-label='leads per ").append(unit(data)).append("'> leads per ").append(unit(data)).append(", ")
                .append("the model's top <span class='kval'></span> contain <b id='caught-model'></b> conversions, ")
                .append("the hand-tuned rules' top <span class='kval'></span> contain <b id='caught-rules'></b>");
        if (rankers.contains("scorecard")) {
            h.append(", and the learned scorecard's <b id='caught-scorecard'></b>");
        }
        h.append(".</p><input id='k-slider' type='range' min='1' max='").append(cap.get("max_k").asInt()).append("' value='")
                .append(cap.get("default_k").asInt()).append("' aria-label='capacity slider'>")
                .append("<p class='explain'>Counted on held-out leads the model never trained on: each ").append(unit(data))
                .append(", your team works the K best-ranked leads of that ").append(unit(data)).append(" (<span id='contacted'></span> leads in all). ")
                .append("Ties in points are counted as their average.</p></section>");

        // Metrics table
        h.append("<section class='card'><h2>How well each one ranks leads</h2><table id='metrics'><tr><th></th><th>AUC</th><th>PR-AUC</th><th>conversion rate in the top 10% vs average</th></tr>");
        for (String r : rankers) {
            JsonNode m = data.get("metrics").get(r);
            h.append("<tr><td>").append(Svg.esc(label(data, r))).append("</td>")
                    .append(String.format(Locale.ROOT, "<td>%.3f</td><td>%.3f</td><td>%.2f×</td></tr>", m.get("auc").asDouble(), m.get("pr_auc").asDouble(), m.get("lift_at_10pct").asDouble()));
        }
        h.append("</table><p class='explain'>AUC is the chance that a lead that converted is ranked above one that did not (0.5 = coin toss, 1 = perfect).</p></section>");

        // Charts
        List<String> names = new ArrayList<>();
        List<List<double[]>> roc = new ArrayList<>();
        List<List<double[]>> gains = new ArrayList<>();
        List<double[]> lift = new ArrayList<>();
        for (String r : rankers) {
            names.add(label(data, r));
            roc.add(points(data.get("roc").get(r)));
            gains.add(points(data.get("gains").get(r)));
            lift.add(numbers(data.get("lift_by_decile").get(r)));
        }
        h.append("<section class='charts'>");
        chart(h, "ROC curve", Svg.lines("chart-roc", names, roc, "share of non-converting leads ranked high", "share of conversions ranked high", 1, 1, true, false),
                "The higher and further left a line, the better it separates leads that convert from those that do not. The dashed line is chance.");
        chart(h, "Cumulative gains", Svg.lines("chart-gains", names, gains, "share of leads contacted, best first", "share of all conversions reached", 1, 1, true, false),
                "If your team contacts the best-ranked share of leads on the x-axis, it reaches the share of all conversions on the y-axis.");
        List<String> deciles = new ArrayList<>();
        for (int d = 1; d <= 10; d++) {
            deciles.add(Integer.toString(d));
        }
        chart(h, "Lift by decile", Svg.bars("chart-lift", names, lift, deciles, "score decile (1 = best-ranked 10% of leads)", "conversion rate vs average (×)"),
                "Each bar: how many times more often the leads of that decile converted than the average lead. Good rankings fall steeply from left to right.");
        if (data.has("calibration")) {
            List<double[]> cal = new ArrayList<>();
            for (JsonNode b : data.get("calibration")) {
                if (b.hasNonNull("mean_predicted")) {
                    cal.add(new double[] {b.get("mean_predicted").asDouble(), b.get("observed_rate").asDouble()});
                }
            }
            chart(h, "Calibration of the model", Svg.lines("chart-calibration", List.of(label(data, "model")), List.of(cal),
                            "predicted conversion probability", "observed conversion rate", 1, 1, true, true),
                    "Leads grouped by predicted probability: when the dots lie on the dashed line, a predicted 30% means 3 in 10 such leads convert.");
        }
        h.append("</section>");

        // Tier cross-table
        JsonNode cross = data.path("tiers").path("rules_by_model");
        if (!cross.isMissingNode()) {
            h.append("<section class='card'><h2>Rules' tier against the model's tier</h2><table id='cross'><tr><th>rules said ↓ / model said →</th>");
            for (String t : new String[] {"cold", "warm", "hot"}) {
                h.append("<th>").append(t).append("</th>");
            }
            h.append("</tr>");
            for (String rt : new String[] {"cold", "warm", "hot"}) {
                h.append("<tr><th>").append(rt).append("</th>");
                for (String mt : new String[] {"cold", "warm", "hot"}) {
                    JsonNode c = cross.get(rt).get(mt);
                    h.append("<td>").append(String.format(Locale.ROOT, "%,d leads", c.get("n").asLong()));
                    if (c.hasNonNull("conversion_rate")) {
                        h.append(String.format(Locale.ROOT, "<br><b>%.1f%%</b> converted", 100 * c.get("conversion_rate").asDouble()));
                    }
                    h.append("</td>");
                }
                h.append("</tr>");
            }
            h.append("</table><p class='explain'>Read a cell as: \"rules said warm, model said hot: this many leads, and this share of them converted\".</p></section>");
        }

        // Point tables
        JsonNode tables = data.path("point_tables");
        if (!tables.isMissingNode()) {
            h.append("<section class='card'><h2>The point tables</h2><div class='tables'>");
            for (Iterator<Map.Entry<String, JsonNode>> it = tables.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                pointTable(h, e.getKey(), e.getValue());
            }
            h.append("</div><p class='explain'>Left: the hand-tuned table your team uses today. Right: the table learned from outcomes, in the same format; ")
                    .append("20 points double the odds of converting.</p></section>");
        }

        // Drill-down
        h.append("<section class='card'><h2>Look up a lead</h2><form id='lookup'><input id='lead-id' placeholder='lead id, e.g. ")
                .append(Svg.esc(data.hasNonNull("example_lead_id") ? data.get("example_lead_id").asText()
                        : data.path("leads").path(0).path("id").asText(""))).append("'><button type='submit'>Show</button></form>")
                .append("<div id='lead'></div><p class='explain'>Both scores, both tiers, and the reasons the model gives, in plain words.</p></section>");

        // Live panel
        h.append("<section class='card' id='live'><h2>Live</h2>");
        JsonNode live = data.path("live");
        if (live.isMissingNode() || live.isNull()) {
            h.append("<p class='explain'>No live predictions or reported outcomes yet.</p>");
        } else {
            h.append(String.format(Locale.ROOT, "<p>%,d predictions logged, %,d outcomes reported; live AUC %s.</p>", live.path("predictions").asLong(),
                    live.path("outcomes").asLong(), live.hasNonNull("auc") ? String.format(Locale.ROOT, "%.3f", live.get("auc").asDouble()) : "not yet known (needs both outcomes)"));
            drift(h, live.path("drift"));
        }
        h.append("</section>");

        h.append("<footer>").append(Svg.esc(data.path("data_file").asText())).append(" · generated ").append(Svg.esc(data.path("generated_at").asText()))
                .append(" by leadscore</footer>");
        h.append("<script>const MODE='").append(mode == Mode.SERVER ? "server" : "static").append("';const DATA=")
                .append(scriptData(data, mode)).append(";").append(SCRIPT).append("</script></body></html>");
        return h.toString();
    }

    /** The drift table of the live panel: one row per field, worst first, and how to read it. */
    private static void drift(StringBuilder h, JsonNode drift) {
        if (drift.isMissingNode() || drift.isNull()) {
            return;
        }
        h.append("<h3>Are today's leads like the ones the model learned from?</h3>");
        JsonNode rows = drift.path("features");
        if (rows.isEmpty()) {
            h.append("<p id='drift-unavailable' class='explain'>").append(Svg.esc(drift.path("unavailable").asText())).append("</p>");
            return;
        }
        h.append("<table id='drift'><tr><th>field</th><th>PSI</th><th>verdict</th><th>predictions</th></tr>");
        for (JsonNode r : rows) {
            String verdict = r.path("verdict").asText();
            h.append("<tr data-feature='").append(Svg.esc(r.path("feature").asText())).append("'><td>").append(Svg.esc(r.path("description").asText()))
                    .append(String.format(Locale.ROOT, "</td><td class='psi'>%.2f</td>", r.path("psi").asDouble()))
                    .append("<td class='verdict ").append(Svg.esc(verdict)).append("'>").append(Svg.esc(verdict)).append("</td>")
                    .append(String.format(Locale.ROOT, "<td class='n'>%,d</td></tr>", r.path("predictions").asLong()));
        }
        h.append("</table><p class='explain'>").append(Svg.esc(drift.path("explanation").asText()))
                .append(String.format(Locale.ROOT, " Based on the %,d predictions of %s in the last %d days.", drift.path("predictions").asLong(),
                        Svg.esc(drift.path("model_version").asText()), drift.path("window_days").asLong()))
                .append("</p>");
    }

    private static void chart(StringBuilder h, String title, String svg, String explain) {
        h.append("<figure class='card'><h2>").append(Svg.esc(title)).append("</h2>").append(svg)
                .append("<figcaption class='explain'>").append(Svg.esc(explain)).append("</figcaption></figure>");
    }

    private static void pointTable(StringBuilder h, String key, JsonNode t) {
        h.append("<table class='points' id='points-").append(Svg.esc(key)).append("'><caption>").append(Svg.esc(t.path("name").asText(key)))
                .append("</caption><tr><th>criterion</th><th>when</th><th>points</th></tr>");
        for (JsonNode c : t.path("criteria")) {
            boolean first = true;
            for (JsonNode line : c.path("lines")) {
                h.append("<tr><td>").append(first ? Svg.esc(c.path("name").asText()) : "").append("</td><td>").append(Svg.esc(line.path("when").asText()))
                        .append("</td><td>").append(line.path("points").asInt()).append("</td></tr>");
                first = false;
            }
        }
        h.append(String.format(Locale.ROOT, "<tr><td colspan='3'>warm from %d points, hot from %d points</td></tr></table>",
                t.path("warm").asInt(), t.path("hot").asInt()));
    }

    private static String scriptData(JsonNode data, Mode mode) {
        ObjectNode d = JSON.createObjectNode();
        d.set("capacity", data.get("capacity"));
        d.set("labels", data.get("labels"));
        d.set("descriptions", data.path("descriptions"));
        if (mode == Mode.STATIC) {
            d.set("leads", data.path("leads"));
        }
        try {
            return JSON.writeValueAsString(d).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> rankers(JsonNode data) {
        List<String> out = new ArrayList<>();
        for (String r : ORDER) {
            if (data.path("metrics").has(r)) {
                out.add(r);
            }
        }
        return out;
    }

    private static String label(JsonNode data, String r) {
        return data.path("labels").path(r).asText(r);
    }

    private static String unit(JsonNode data) {
        return "week".equals(data.path("period").path("unit").asText()) ? "week" : "period";
    }

    private static String periodWords(JsonNode data) {
        JsonNode p = data.path("period");
        return "week".equals(p.path("unit").asText()) ? p.path("count").asInt() + " weeks of leads" : "one period (the data has no time column)";
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

    private static final String CSS = "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f8fa;color:#1f2328}"
            + "header{background:#0d1117;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}.sub{margin:4px 0 0;color:#c9d1d9}"
            + ".card{background:#fff;border:1px solid #d0d7de;border-radius:8px;margin:16px 24px;padding:12px 16px}"
            + ".charts{display:flex;flex-wrap:wrap}.charts figure{flex:0 0 auto}h2{font-size:16px;margin:4px 0 8px}"
            + ".headline{font-size:20px;line-height:1.6}.headline input{width:90px;font-size:18px}#k-slider{width:100%}"
            + ".explain{color:#57606a;font-size:13px}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left}"
            + ".tables{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}caption{font-weight:600;text-align:left;padding:4px 0}"
            + "footer{color:#57606a;font-size:12px;margin:16px 24px}#lead table{margin-top:8px}h3{font-size:14px;margin:12px 0 6px}"
            + "#drift td.psi,#drift td.n{text-align:right}.verdict.shifting{color:#9a6700;font-weight:600}.verdict.shifted{color:#cf222e;font-weight:600}";

    private static final String SCRIPT = """
            const fmt = n => Math.round(n).toLocaleString('en-US');
            function show(c) {
              document.querySelectorAll('.kval').forEach(e => e.textContent = fmt(c.k));
              for (const r of Object.keys(DATA.labels)) { const e = document.getElementById('caught-' + r); if (e) e.textContent = fmt(c[r]); }
              document.getElementById('contacted').textContent = fmt(c.leads_contacted);
              document.getElementById('k').value = c.k; document.getElementById('k-slider').value = c.k;
              document.body.dataset.k = c.k;
            }
            function local(k) {
              const cap = DATA.capacity; k = Math.max(0, Math.min(cap.max_k, k));
              const c = {k: k, leads_contacted: Math.round(cap.leads_contacted[k])};
              for (const r of Object.keys(cap.caught)) c[r] = Math.round(cap.caught[r][k]);
              return c;
            }
            function update(k) {
              k = parseInt(k, 10); if (!(k >= 0)) return;
              if (MODE === 'server') fetch('dashboard/api/capacity?k=' + k, {credentials: 'same-origin'}).then(r => r.json()).then(show);
              else show(local(k));
            }
            function esc(s) { return String(s).replace(/[&<>"']/g, ch => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[ch])); }
            function renderLead(l) {
              const box = document.getElementById('lead');
              if (!l) { box.innerHTML = '<p>No such lead among the held-out leads.</p>'; return; }
              let h = '<p><b>' + esc(l.id) + '</b>: model ' + (100 * l.probability).toFixed(1) + '% (score ' + l.score + ', ' + esc(l.tier) + ')'
                + ' · rules ' + l.rule_points + ' points (' + esc(l.rule_tier) + ')'
                + (l.scorecard_points !== undefined ? ' · learned scorecard ' + l.scorecard_points + ' points' : '')
                + ' · ' + (l.converted ? 'converted' : 'did not convert') + '</p><table class="reasons"><tr><th>reason</th><th>value</th><th>effect on the odds</th></tr>';
              for (const r of l.reasons) h += '<tr><td>' + esc((DATA.descriptions || {})[r.feature] || r.feature) + '</td><td>' + esc(r.value) + '</td><td>'
                + (r.contribution >= 0 ? 'raises' : 'lowers') + ' ×' + Math.exp(Math.abs(r.contribution)).toFixed(2) + '</td></tr>';
              box.innerHTML = h + '</table>';
            }
            document.getElementById('lookup').addEventListener('submit', ev => {
              ev.preventDefault();
              const id = document.getElementById('lead-id').value.trim();
              if (MODE === 'server') fetch('dashboard/api/lead?id=' + encodeURIComponent(id), {credentials: 'same-origin'})
                .then(r => r.ok ? r.json() : null).then(renderLead);
              else renderLead((DATA.leads || []).find(l => l.id === id));
            });
            document.getElementById('k').addEventListener('change', e => update(e.target.value));
            document.getElementById('k-slider').addEventListener('input', e => update(e.target.value));
            update(document.getElementById('k').value);
            """;
}
