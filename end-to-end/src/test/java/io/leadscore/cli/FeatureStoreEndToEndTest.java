package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.data.Column;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.events.Event;
import io.leadscore.featurestore.FeatureDefinition;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureKind;
import io.leadscore.featurestore.FeatureValues;
import io.leadscore.featurestore.PointInTimeFeatures;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.online.RedisServerProcess;
import io.leadscore.serving.predict.EventsRequest;
import io.leadscore.serving.predict.FeatureResolver;
import io.leadscore.serving.LeadscoreServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * The feature store end to end: generate → features build (snapshots) → train --features →
 * (1) parity: for the same lead and instant, the features serving computes from a JSON request
 * (attributes + every event, later ones included) equal the offline build's, for every feature
 * kind, and the server's probability equals the offline row's; (2) materialize into the embedded
 * store and into a real Redis, serve from each, look leads up by id, 404 for unknown leads.
 */
class FeatureStoreEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String FEATURES = Path.of("..", "features", "features.yaml").toString();

    @TempDir
    static Path dir;
    static Table built;
    static ConversionModel model;
    static FeatureDefinitions defs;

    @BeforeAll
    static void buildAndTrain() throws Exception {
        assertEquals(0, Cli.run("generate", "--leads", "4000", "--seed", "13", "--out", dir.resolve("h").toString()).exit());
        Cli.Result b = Cli.run("features", "build", "--events", dir.resolve("h/events.parquet").toString(), "--leads",
                dir.resolve("h/leads.parquet").toString(), "--features", FEATURES, "--label-window", "30d", "--snapshot-every", "7d",
                "--snapshots", "3", "--out", dir.resolve("train.parquet").toString());
        assertEquals(0, b.exit(), b.err());
        Cli.Result t = Cli.run("train", "--data", dir.resolve("train.parquet").toString(), "--label", "converted_within_30d",
                "--time-column", "scored_at", "--features", FEATURES, "--out", dir.resolve("model").toString());
        assertEquals(0, t.exit(), t.err());
        built = TableReader.read(dir.resolve("train.parquet"));
        model = ModelDirectory.load(dir.resolve("model"));
        defs = ModelDirectory.featureDefinitions(dir.resolve("model"), model.card());
        assertNotNull(defs, "the model directory carries its feature definitions");
        assertEquals(defs.names(), model.card().featureDefinitions().features());
    }

    private static ObjectNode request(String lead, long scoredAt, Map<String, Object> attributes, List<Event> events, boolean millis) {
        ObjectNode o = JSON.createObjectNode();
        o.put("lead_id", lead);
        o.put("scored_at", Instant.ofEpochMilli(scoredAt).toString());
        ObjectNode a = o.putObject("attributes");
        attributes.forEach((k, v) -> {
            if (v instanceof Double d) {
                a.put(k, d);
            } else if (v instanceof Boolean bo) {
                a.put(k, bo);
            } else if (v instanceof Instant i) {
                a.put(k, i.toString());
            } else if (v != null) {
                a.put(k, v.toString());
            }
        });
        ArrayNode list = o.putArray("events");
        for (Event e : events) {
            ObjectNode j = list.addObject();
            if (millis) {
                j.put("ts", e.ts());
            } else {
                j.put("ts", Instant.ofEpochMilli(e.ts()).toString());
            }
            j.put("type", e.type());
            if (e.page() != null) {
                j.put("page", e.page());
            }
            if (e.channel() != null) {
                j.put("channel", e.channel());
            }
            if (e.campaign() != null) {
                j.put("campaign", e.campaign());
            }
            if (!Double.isNaN(e.value())) {
                j.put("value", e.value());
            }
        }
        return o;
    }

    @Test
    void servingComputesExactlyWhatTheOfflineBuildComputedForEveryFeatureKind() throws Exception {
        Table leads = TableReader.read(dir.resolve("h/leads.parquet"));
        Map<String, Integer> leadRow = new HashMap<>();
        for (int r = 0; r < leads.rowCount(); r++) {
            leadRow.put(leads.require("lead_id", "x").string(r), r);
        }
        Table events = TableReader.read(dir.resolve("h/events.parquet"));
        Map<String, List<Event>> byLead = new HashMap<>();
        for (int r = 0; r < events.rowCount(); r++) {
            String id = events.require("lead_id", "x").string(r);
            byLead.computeIfAbsent(id, k -> new ArrayList<>()).add(new Event(id, (long) events.require("ts", "x").number(r),
                    events.require("type", "x").string(r), events.require("page", "x").string(r), events.require("channel", "x").string(r),
                    events.require("campaign", "x").string(r), events.require("value", "x").number(r)));
        }
        PointInTimeFeatures online = new PointInTimeFeatures(defs);
        Set<FeatureKind> kinds = EnumSet.noneOf(FeatureKind.class);
        Set<String> nonTrivial = new java.util.HashSet<>();
        int compared = 0;
        int laterEventsSent = 0;
        try (LeadscoreServer server = LeadscoreServer.start(model, null, new FeatureResolver(defs, null), "127.0.0.1", 0)) {
            for (int r = 0; r < built.rowCount(); r += 7) {
                String id = built.require("lead_id", "x").string(r);
                long t = (long) built.require("scored_at", "x").number(r);
                int lr = leadRow.get(id);
                Map<String, Object> attributes = new HashMap<>();
                for (String col : defs.attributeColumns().keySet()) {
                    attributes.put(col, leads.require(col, "x").value(lr));
                }
                List<Event> all = byLead.getOrDefault(id, List.of());
                laterEventsSent += (int) all.stream().filter(e -> e.ts() >= t).count();
                ObjectNode body = request(id, t, attributes, all, r % 2 == 0);
                EventsRequest parsed = EventsRequest.from(JSON.readTree(body.toString()), defs, 0);
                FeatureValues v = online.compute(parsed.attributes()::get, parsed.events(), parsed.scoredAt());
                for (FeatureDefinition d : defs.definitions()) {
                    Object offline = built.require(d.name(), "x").value(r);
                    assertEquals(offline, v.get(d.name()), id + " at " + Instant.ofEpochMilli(t) + ": " + d.name());
                    kinds.add(d.kind());
                    if (offline != null && !offline.equals(0.0) && !offline.equals(false)) {
                        nonTrivial.add(d.name());
                    }
                }
                if (r % 49 == 0) {
                    HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/predict"))
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, resp.statusCode(), resp.body());
                    JsonNode p = JSON.readTree(resp.body());
                    assertEquals(model.probability(built.row(r)), p.get("probability").asDouble(), 0.0, "HTTP scores the offline row exactly: " + id);
                    assertEquals("events", p.get("features_from").asText());
                }
                compared++;
            }
        }
        assertEquals(EnumSet.allOf(FeatureKind.class), kinds, "every feature kind is compared");
        assertEquals(Set.copyOf(defs.names()), nonTrivial, "every feature takes a non-trivial value somewhere");
        assertTrue(compared > 1000 && laterEventsSent > 1000, compared + " rows, " + laterEventsSent + " later events sent");
    }

    private static Process serve(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--model", dir.resolve("model").toString(), "--port", "0"));
        all.addAll(List.of(args));
        all.add("--no-auth");
        ProcessBuilder pb = Cli.builder("io.leadscore.serving.ServeCommand", all.toArray(String[]::new));
        pb.redirectErrorStream(true);
        return pb.start();
    }


    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The row index of each lead's newest snapshot in the built table. */
    private static Map<String, Integer> newestRows() {
        Map<String, Integer> newest = new HashMap<>();
        Column at = built.require("scored_at", "x");
        for (int r = 0; r < built.rowCount(); r++) {
            String id = built.require("lead_id", "x").string(r);
            Integer prev = newest.get(id);
            if (prev == null || at.number(r) >= at.number(prev)) {
                newest.put(id, r);
            }
        }
        return newest;
    }

    private static void assertLooksUp(String base, Map<String, Integer> newest, String... leads) throws Exception {
        for (String lead : leads) {
            HttpResponse<String> r = post(base + "/v1/predict", "{\"lead_id\": \"" + lead + "\"}");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode p = JSON.readTree(r.body());
            int row = newest.get(lead);
            assertEquals(model.probability(built.row(row)), p.get("probability").asDouble(), 0.0, lead);
            assertEquals("online_store", p.get("features_from").asText());
            assertEquals(Instant.ofEpochMilli((long) built.require("scored_at", "x").number(row)).toString(), p.get("features_as_of").asText());
        }
        HttpResponse<String> missing = post(base + "/v1/predict", "{\"lead_id\": \"L999999999\"}");
        assertEquals(404, missing.statusCode(), missing.body());
        JsonNode e = JSON.readTree(missing.body());
        assertEquals("no stored features for this lead", e.get("error").asText());
        assertEquals("$.lead_id", e.at("/errors/0/path").asText());
        assertFalse(e.has("probability") || e.has("score"), "never a default score");
    }

    @Test
    void materializedFeaturesAreServedByLeadIdFromTheFileAndFromRedis() throws Exception {
        Map<String, Integer> newest = newestRows();
        Path file = dir.resolve("online.jsonl");
        Cli.Result m = Cli.run("features", "materialize", "--offline", dir.resolve("train.parquet").toString(), "--features", FEATURES,
                "--online-store", file.toString());
        assertEquals(0, m.exit(), m.err());
        assertTrue(m.out().startsWith("materialized the newest features of " + String.format("%,d", newest.size()) + " leads"), m.out());
        Process server = serve("--online-store", file.toString());
        try {
            String base = Cli.baseUrl(server);
            assertLooksUp(base, newest, "L000000000", "L000001234", "L000003999");
            HttpResponse<String> reload = post(base + "/v1/online-store/reload", "");
            assertEquals(200, reload.statusCode(), reload.body());
            assertEquals(newest.size(), JSON.readTree(reload.body()).get("leads").asInt());
        } finally {
            server.destroy();
            server.waitFor();
        }
        try (RedisServerProcess redis = RedisServerProcess.start(dir.resolve("redis"))) {
            Cli.Result mr = Cli.run("features", "materialize", "--offline", dir.resolve("train.parquet").toString(), "--features", FEATURES,
                    "--redis", redis.uri());
            assertEquals(0, mr.exit(), mr.err());
            Process a = serve("--redis", redis.uri());
            Process b = serve("--redis", redis.uri());
            try {
                assertLooksUp(Cli.baseUrl(a), newest, "L000000007", "L000002222");
                assertLooksUp(Cli.baseUrl(b), newest, "L000000007", "L000003000");
            } finally {
                a.destroy();
                b.destroy();
                a.waitFor();
                b.waitFor();
            }
        }
    }

    @Test
    void servingWithoutFeatureDefinitionsRefusesAnOnlineStore() throws Exception {
        Path plain = dir.resolve("plain-model");
        assertEquals(0, Cli.run("train", "--data", dir.resolve("h/leads.parquet").toString(), "--label", "converted", "--out", plain.toString()).exit());
        ProcessBuilder pb = Cli.builder("io.leadscore.serving.ServeCommand", "--model", plain.toString(), "--port", "0", "--no-auth",
                "--online-store", dir.resolve("online.jsonl").toString());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        assertTrue(err.contains("--online-store: the model in " + plain + " was trained without feature definitions"), err);
    }

    @AfterAll
    static void done() {
        // the temporary directory and every server are cleaned up by the tests themselves
    }
}
