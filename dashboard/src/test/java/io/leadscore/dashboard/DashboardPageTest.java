package io.leadscore.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Both modes of the page rendered from a small dashboard JSON whose lead id, labels and point-table
 * lines carry markup: the data island is there once and is the JSON the script needs, nothing the
 * data says becomes an element, and the static report names nothing to load.
 */
class DashboardPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVIL_ID = "</script><script>alert(1)</script>";
    private static final Pattern ISLAND = Pattern.compile("<script type=\"application/json\" id=\"dashboard-data\">(.*?)</script>", Pattern.DOTALL);

    @Test
    void theStaticReportCarriesItsLeadsInAValidDataIslandAndLoadsNothing() throws IOException {
        String html = DashboardPage.render(data(), DashboardPage.Mode.STATIC);

        JsonNode island = island(html);
        assertEquals("static", island.path("mode").asText());
        assertEquals(EVIL_ID, island.path("leads").path(0).path("id").asText(), "the lead id round-trips through the island");
        assertEquals("<img src=x onerror=alert(2)>", island.path("leads").path(0).path("reasons").path(0).path("value").asText());
        assertEquals(9, island.path("capacity").path("caught").path("model").path(3).asInt());
        assertEquals("hand-tuned rules <i>v2</i>", island.path("labels").path("rules").asText());
        assertNoInjectedMarkup(html);
        assertTrue(html.contains("placeholder=\"lead id, e.g. &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), "the example id, escaped");

        // Self-contained: styles and script inline, no attribute or rule that loads anything (the
        // island's strings are data, not markup, so they are left out of this check).
        String markup = ISLAND.matcher(html).replaceAll("");
        assertTrue(html.contains("<style>") && html.contains("#k-slider{width:100%}"), "the CSS is inline");
        assertTrue(html.contains("JSON.parse(document.getElementById('dashboard-data').textContent)"), "the script is inline");
        for (String loads : List.of(" src=", " href=", "<link", "url(", "@import", "srcset=", "<iframe", "<object", "<embed")) {
            assertFalse(markup.contains(loads), "the static report loads nothing: " + loads);
        }
        Matcher urls = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}").matcher(markup);
        while (urls.find()) {
            assertEquals("http://www.w3.org", urls.group(), "only the SVG namespace, which is never fetched");
        }
    }

    @Test
    void theServerPageAsksTheApiAndShowsTheLivePanelEscaped() throws IOException {
        ObjectNode data = data();
        data.remove("leads");
        data.put("example_lead_id", "L2");
        ObjectNode live = data.putObject("live").put("predictions", 12_345).put("outcomes", 20).put("auc", 0.71234);
        ObjectNode drift = live.putObject("drift").put("predictions", 2_000).put("window_days", 7).put("model_version", "logistic-v1")
                .put("explanation", "PSI compares today's leads with the training leads.");
        drift.putArray("features").addObject().put("feature", "a\"b'c<d>").put("description", "Email <clicks>").put("psi", 0.125)
                .put("verdict", "shifting").put("predictions", 2_000);
        ObjectNode segment = live.putArray("segments").addObject().put("segment", "smb<b>").put("model_version", "xgboost-smb")
                .put("outcomes", 7).putNull("auc");
        ObjectNode segmentDrift = segment.putObject("drift").put("predictions", 1_500);
        segmentDrift.putArray("features").addObject().put("feature", "f").put("description", "Source").put("psi", 0.3)
                .put("verdict", "shifted").put("predictions", 1_500);

        String html = DashboardPage.render(data, DashboardPage.Mode.SERVER);

        JsonNode island = island(html);
        assertEquals("server", island.path("mode").asText());
        assertTrue(island.path("leads").isMissingNode(), "the server's page never embeds leads");
        assertNoInjectedMarkup(html);
        assertTrue(html.contains("<tr data-feature=\"a&quot;b&#39;c&lt;d&gt;\"><td>Email &lt;clicks&gt;</td><td class=\"psi\">0.13</td>"
                + "<td class=\"verdict shifting\">shifting</td><td class=\"n\">2,000</td></tr>"), "the drift row, escaped, PSI rounded half up");
        assertTrue(html.contains("12,345 predictions logged, 20 outcomes reported; live AUC 0.712."), "the live figures");
        assertTrue(html.contains("PSI compares today&#39;s leads with the training leads. Based on the 2,000 predictions of logistic-v1 in the last 7 days."));
        assertTrue(html.contains("<tr data-segment=\"smb&lt;b&gt;\"><td>smb&lt;b&gt;</td><td>xgboost-smb</td><td class=\"n\">7</td>"
                + "<td class=\"auc\">not yet known</td><td>Source: PSI 0.30, <span class=\"verdict shifted\">shifted</span></td>"
                + "<td class=\"n\">1,500</td></tr>"), "a segment's row: its model, outcomes, live AUC, worst drifted field, escaped");
    }

    @Test
    void bothModesShowTheSameFiguresChartsAndTables() throws IOException {
        for (DashboardPage.Mode mode : DashboardPage.Mode.values()) {
            String html = DashboardPage.render(data(), mode);
            assertTrue(html.contains("1,234 held-out leads, 125 converted (10.1%) · 4 weeks of leads"), mode + ": the headline's sub-title");
            assertTrue(html.contains("max=\"3\" value=\"2\" aria-label=\"leads per week\""), mode + ": capacity K from the data");
            assertEquals(List.of("chart-roc", "chart-gains", "chart-lift", "chart-calibration"), all(html, "<svg id='([^']+)' class='chart'"), mode + ": the four charts");
            assertTrue(html.contains("<tr><td>model (logistic)</td><td>0.813</td><td>0.500</td><td>3.13×</td></tr>"), mode + ": metrics rounded half up");
            assertTrue(html.contains("<td>32 leads<br><b>20.0%</b> converted</td>"), mode + ": the tier cross-table");
            assertEquals(List.of("points-rules", "points-scorecard"), all(html, "<table class=\"points\" id=\"([^\"]+)\">"), mode + ": both point tables");
            assertTrue(html.contains("<td></td><td>stated_need is &quot;low&quot; &amp; &lt;none&gt;</td><td>5</td>"), mode + ": point-table lines escaped");
            assertTrue(html.contains("No live predictions or reported outcomes yet."), mode + ": the live panel without live figures");
        }
    }

    /** A model with segments: a selector with one option per segment, one hidden view each with its own charts, escaped. */
    @Test
    void segmentsGetASelectorAndAViewEach() throws IOException {
        for (DashboardPage.Mode mode : DashboardPage.Mode.values()) {
            ObjectNode data = data();
            data.put("segment_column", "team");
            ObjectNode segments = data.putObject("segments");
            ObjectNode one = data().deepCopy();
            one.remove("leads");
            one.put("served_by", "segment").put("model_version", "logistic-smb").put("n", 600);
            segments.set("smb", one);
            segments.set("<b>ent</b>", one.deepCopy().put("served_by", "pooled").put("model_version", "logistic-v1"));
            String html = DashboardPage.render(data, mode);
            assertNoInjectedMarkup(html);
            assertEquals(List.of("", "smb", "&lt;b&gt;ent&lt;/b&gt;"), all(html, "<option value=\"([^\"]*)\">"), mode + ": the options");
            assertTrue(html.contains("team = smb (600 leads, its own model)"), mode + ": the option says who serves it");
            assertTrue(html.contains("team = &lt;b&gt;ent&lt;/b&gt; (600 leads, the pooled model)"), mode + ": escaped");
            assertEquals(List.of("", "smb", "&lt;b&gt;ent&lt;/b&gt;"), all(html, "<div class=\"view\" data-segment=\"([^\"]*)\""), mode + ": a view each");
            assertEquals(2, all(html, "data-segment=\"[^\"]+\" (hidden)>").size(), mode + ": the segments' views start hidden");
            assertEquals(List.of("chart-roc", "chart-gains", "chart-lift", "chart-calibration", "chart-roc-1", "chart-gains-1", "chart-lift-1",
                    "chart-calibration-1", "chart-roc-2", "chart-gains-2", "chart-lift-2", "chart-calibration-2"),
                    all(html, "<svg id='([^']+)' class='chart'"), mode + ": every chart has its own id");
            assertEquals(List.of("metrics", "metrics-1", "metrics-2"), all(html, "<table id=\"(metrics[^\"]*)\">"));
            JsonNode island = island(html);
            assertEquals(mode == DashboardPage.Mode.STATIC, island.path("segments").has("smb"), mode + ": the static report carries each segment's capacity");
        }
        assertFalse(DashboardPage.render(data(), DashboardPage.Mode.STATIC).contains("id=\"segment\""), "no selector without segments");
    }

    @Test
    void scriptJsonCannotCloseItsElement() throws IOException {
        String json = Templates.scriptJson(JSON.createObjectNode().put("id", EVIL_ID + "<!-- & \u2028"));
        assertFalse(json.contains("<") || json.contains(">") || json.contains("&") || json.contains("\u2028"), json);
        assertEquals(EVIL_ID + "<!-- & \u2028", JSON.readTree(json).path("id").asText());
    }

    /** Nothing from the data became an element: two script elements (island and script), no injected tags. */
    private static void assertNoInjectedMarkup(String html) {
        assertEquals(2, all(html, "(<script)").size(), "the data island and the page's script, nothing else");
        for (String tag : List.of("<img", "<i>", "<b>v1", "<clicks>", "<none>")) {
            assertFalse(html.contains(tag), "escaped: " + tag);
        }
        assertTrue(html.contains("logistic-&lt;b&gt;v1&lt;/b&gt;"), "the model version, escaped");
    }

    private static JsonNode island(String html) throws IOException {
        Matcher m = ISLAND.matcher(html);
        assertTrue(m.find(), "the data island is there");
        JsonNode island = JSON.readTree(m.group(1));
        assertFalse(m.find(), "one data island");
        return island;
    }

    private static List<String> all(String html, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static ObjectNode data() throws IOException {
        try (InputStream in = DashboardPageTest.class.getResourceAsStream("small-dashboard.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }
}
