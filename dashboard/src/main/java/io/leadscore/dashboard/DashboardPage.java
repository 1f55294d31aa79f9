package io.leadscore.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the dashboard from its data ({@code compare --report} writes it as JSON): a headline at
 * an adjustable weekly capacity, ROC, cumulative gains, lift by decile and calibration charts, the
 * tier cross-table, both point tables side by side, a lead drill-down and, on a server that logs
 * predictions, a live panel (predictions, outcomes, live AUC, drift per field); for a model with
 * segments, a selector that shows the headline, metrics, charts and tier table of one segment's
 * leads. Plain words and units,
 * and a line under each chart that says how to read it. {@link Mode#STATIC} embeds everything the
 * page needs (no server, no network); {@link Mode#SERVER} asks the server's JSON API for the
 * capacity figures and for leads. The markup, styles and script are Pebble templates and assets
 * under {@code src/main/resources/io/leadscore/dashboard/templates/}, one set for both modes.
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

    /**
     * The page for {@code data} (the JSON {@code compare --report} writes, plus {@code live} and
     * {@code example_lead_id} on a server), from the template {@code templates/dashboard.peb}. In
     * {@link Mode#STATIC} the data island carries the leads for the drill-down; in
     * {@link Mode#SERVER} the page asks the server's JSON API.
     */
    public static String render(JsonNode data, Mode mode) {
        List<String> rankers = rankers(data);
        Map<String, Object> model = new HashMap<>();
        // The template reads the data as maps and lists; the leads only ever go into the data island.
        ObjectNode shown = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            if (!e.getKey().equals("leads")) {
                shown.set(e.getKey(), e.getValue());
            }
        }
        model.put("data", JSON.convertValue(shown, Map.class));
        model.put("rankers", rankerRows(data, rankers));
        model.put("charts", Charts.of(data, rankers));
        model.put("segments", segments(data));
        model.put("tiers", List.of("cold", "warm", "hot"));
        model.put("conversion_pct", 100.0 * data.get("conversions").asLong() / Math.max(1, data.get("n").asLong()));
        model.put("example_lead_id", data.hasNonNull("example_lead_id") ? data.get("example_lead_id").asText()
                : data.path("leads").path(0).path("id").asText(""));
        model.put("island", island(data, mode));
        return Templates.render("dashboard.peb", model);
    }

    private static List<?> rankerRows(JsonNode data, List<String> rankers) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String r : rankers) {
            rows.add(Map.of("key", r, "label", label(data, r), "metrics", data.get("metrics").get(r)));
        }
        return JSON.convertValue(rows, List.class);
    }

    /**
     * The views of the segment selector, one per value of the data's {@code segments} (written by
     * {@code compare --report} for a model with segments): its figures, tables and charts as for all leads.
     */
    private static List<Map<String, Object>> segments(JsonNode data) {
        List<Map<String, Object>> out = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, JsonNode> e : data.path("segments").properties()) {
            JsonNode s = e.getValue();
            List<String> rankers = rankers(s);
            Map<String, Object> view = new HashMap<>();
            view.put("key", e.getKey());
            view.put("index", ++index);
            view.put("served_by", s.path("served_by").asText(""));
            view.put("model_version", s.path("model_version").asText(""));
            view.put("n", s.path("n").asLong());
            view.put("conversions", s.path("conversions").asLong());
            view.put("rankers", rankerRows(s, rankers));
            view.put("charts", Charts.of(s, rankers, "-" + index));
            view.put("cross", JSON.convertValue(s.path("tiers").path("rules_by_model"), Map.class));
            out.add(view);
        }
        return out;
    }

    /** What the page's script needs: the mode, the capacity figures, labels, descriptions and, in a static report, the leads. */
    private static ObjectNode island(JsonNode data, Mode mode) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mode", mode == Mode.SERVER ? "server" : "static");
        d.set("capacity", data.get("capacity"));
        d.set("labels", data.get("labels"));
        d.set("descriptions", data.path("descriptions"));
        if (mode == Mode.STATIC) {
            d.set("leads", data.path("leads"));
            ObjectNode segments = d.putObject("segments");
            for (Map.Entry<String, JsonNode> e : data.path("segments").properties()) {
                segments.putObject(e.getKey()).set("capacity", e.getValue().get("capacity"));
            }
        }
        return d;
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

    static String label(JsonNode data, String r) {
        return data.path("labels").path(r).asText(r);
    }
}
