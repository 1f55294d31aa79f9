package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.features.InputFeature;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.Score;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.serving.LeadscoreServer;
import io.leadscore.serving.lifecycle.ModelValidator;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with a target-encoded campaign column, trained by the command line and served by a real
 * server: it passes the swap validation (every known campaign as a canary), answers a rare campaign
 * with that campaign's rate and an unseen one at the average rate, exactly as the loaded model
 * scores them, and documents the campaigns in {@code /openapi.json}.
 */
class TargetEncodedServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aTargetEncodedModelIsValidatedServedAndDocumented() throws Exception {
        Random random = new Random(11);
        Path data = dir.resolve("leads.csv");
        try (Writer w = Files.newBufferedWriter(data)) {
            w.write("x,campaign,converted\n");
            for (int i = 0; i < 4_000; i++) {
                int k = (int) Math.floor(Math.exp(random.nextDouble() * Math.log(600))); // 1..599, log-uniform: Zipf-like
                double x = random.nextGaussian();
                double logOdds = -2.5 + x + (k % 7 == 0 ? 2.0 : 0);
                w.write(String.format(Locale.ROOT, "%.4f,cmp-%d,%d%n", x, k, random.nextDouble() < 1 / (1 + Math.exp(-logOdds)) ? 1 : 0));
            }
        }
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "criteria:\n  - name: X\n    column: x\n    points:\n      - { at_least: 1, points: 50 }\ntiers: { warm: 20, hot: 40 }\n");
        Path model = dir.resolve("model");
        Cli.Result t = Cli.run("train", "--data", data.toString(), "--label", "converted", "--out", model.toString(), "--algorithm",
                "logistic", "--seed", "11");
        assertEquals(0, t.exit(), t.err());

        ConversionModel m = ModelDirectory.load(model);
        InputFeature campaign = m.encoding().inputs().stream().filter(in -> in.name().equals("campaign")).findFirst().orElseThrow();
        assertNotNull(campaign.targetEncoding(), "600 Zipf-distributed campaigns are target-encoded");
        assertTrue(t.out().contains(String.format("target-encoded (each level's conversion rate; out of fold on the fit rows): campaign (%,d levels, %d of them also one-hot)",
                campaign.targetEncoding().levels().size(), campaign.levels().size())), t.out());
        assertNull(ModelValidator.refusal(m, null), "the canary scores every known campaign");
        assertNull(ModelValidator.refusal(m, m));
        String rare = campaign.targetEncoding().levels().entrySet().stream()
                .filter(e -> e.getValue().rows() < 5 && e.getValue().converted() > 0).findFirst().orElseThrow().getKey();

        try (LeadscoreServer server = LeadscoreServer.start(m, RuleSetParser.parse(rules), "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port();
            for (String value : new String[] {rare, "cmp-never-seen"}) {
                Map<String, Object> lead = Map.of("x", 0.5, "campaign", value);
                HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/predict"))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(lead))).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, resp.statusCode(), resp.body());
                JsonNode api = JSON.readTree(resp.body());
                Score s = m.score(lead::get, 5);
                assertEquals(s.probability(), api.get("probability").asDouble(), 0.0, value);
                boolean known = value.equals(rare);
                double rate = campaign.targetEncoding().value(value);
                assertEquals(known, rate != 0.0, value + " encodes as " + rate);
                boolean named = false;
                for (JsonNode r : api.get("reasons")) {
                    named |= r.get("feature").asText().equals("campaign") && r.get("value").asText().equals(value);
                }
                assertTrue(named, "the campaign's reason names its column and the lead's value: " + api.get("reasons"));
                assertEquals(known ? "[]" : "[\"campaign: unseen value 'cmp-never-seen' treated as unknown\"]", api.get("warnings").toString());
            }
            JsonNode spec = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/openapi.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode known = spec.at("/components/schemas/LeadFields/properties/campaign/anyOf/0/x-known-values");
            assertEquals(campaign.targetEncoding().levels().size(), known.size(), "every campaign the model knows is listed");
        }
    }
}
