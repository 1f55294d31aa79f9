package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.model.ModelDirectory;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.serving.LeadscoreServer;
import io.leadscore.synthetic.LeadGenerator;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leadscore score} answers every lead exactly as {@code POST /v1/predict} does: a generated
 * lead base scored by the command (Parquet and CSV out) against a real server started in-process on
 * the same model and rules, lead by lead — probability exactly, score, tier, reasons, rule score and
 * tier, model name and version.
 */
class ScoreParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RULES = Path.of("..", "rules", "default-rules.yaml");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void everyLeadScoredByTheCommandEqualsTheServersAnswer() throws Exception {
        Path leads = dir.resolve("leads.parquet");
        new LeadGenerator(23).write(4000, leads);
        Path model = dir.resolve("model");
        Cli.Result t = Cli.run("train", "--data", leads.toString(), "--label", "converted", "--time-column", "scored_at", "--out",
                model.toString(), "--algorithm", "logistic", "--seed", "23");
        assertEquals(0, t.exit(), t.err());
        Path out = dir.resolve("scores.parquet");
        Path csv = dir.resolve("scores.csv");
        for (Path o : new Path[] {out, csv}) {
            Cli.Result s = Cli.run("score", "--model", model.toString(), "--data", leads.toString(), "--out", o.toString(), "--rules",
                    RULES.toString());
            assertEquals(0, s.exit(), s.err());
            assertTrue(s.out().startsWith("scored 4,000 of 4,000 leads"), s.out());
        }
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(out))
                .withDataModel(GenericData.get()).set("parquet.avro.add-list-element-records", "false").build()) {
            for (GenericRecord g = r.read(); g != null; g = r.read()) {
                rows.add(g);
            }
        }
        List<CSVRecord> csvRows;
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser p = CSVParser.parse(in, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            csvRows = p.getRecords();
        }
        Table table = TableReader.read(leads);
        assertEquals(table.rowCount(), rows.size());
        assertEquals(table.rowCount(), csvRows.size());
        int withReasons = 0;
        try (LeadscoreServer server = LeadscoreServer.start(ModelDirectory.load(model), RuleSetParser.parse(RULES), "127.0.0.1", 0)) {
            URI predict = URI.create("http://127.0.0.1:" + server.port() + "/v1/predict");
            for (int i = 0; i < table.rowCount(); i++) {
                HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(predict)
                        .POST(HttpRequest.BodyPublishers.ofString(Cli.leadJson(table, i).toString())).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, resp.statusCode(), resp.body());
                JsonNode api = JSON.readTree(resp.body());
                GenericRecord b = rows.get(i);
                String id = api.get("lead_id").asText();
                assertEquals(id, b.get("lead_id").toString(), "row " + (i + 1) + " is the same lead, in input order");
                assertEquals(api.get("probability").asDouble(), (double) b.get("probability"), 0.0, id);
                assertEquals(api.get("score").asInt(), (int) b.get("score"), id);
                assertEquals(api.get("tier").asText(), b.get("tier").toString(), id);
                assertEquals(api.get("rule_score").asInt(), (int) b.get("rule_score"), id);
                assertEquals(api.get("rule_tier").asText(), b.get("rule_tier").toString(), id);
                assertEquals(api.get("model_name").asText(), b.get("model_name").toString(), id);
                assertEquals(api.get("model_version").asText(), b.get("model_version").toString(), id);
                @SuppressWarnings("unchecked")
                List<GenericRecord> reasons = (List<GenericRecord>) b.get("reasons");
                JsonNode apiReasons = api.get("reasons");
                assertEquals(apiReasons.size(), reasons.size(), id);
                for (int k = 0; k < reasons.size(); k++) {
                    JsonNode a = apiReasons.get(k);
                    GenericRecord r = reasons.get(k);
                    assertEquals(a.get("feature").asText(), r.get("feature").toString(), id);
                    assertEquals(a.get("value").isNull() ? null : a.get("value").asText(), r.get("value") == null ? null : r.get("value").toString(), id);
                    assertEquals(a.get("contribution").asDouble(), (double) r.get("contribution"), 0.0, id);
                    assertEquals(a.get("direction").asText(), r.get("direction").toString(), id);
                    assertEquals(a.get("description").asText(), r.get("description").toString(), id);
                }
                withReasons += reasons.isEmpty() ? 0 : 1;
                CSVRecord c = csvRows.get(i);
                assertEquals(id, c.get("lead_id"));
                assertEquals(api.get("probability").asDouble(), Double.parseDouble(c.get("probability")), 0.0, id);
                assertEquals(api.get("score").asText(), c.get("score"), id);
                assertEquals(api.get("tier").asText(), c.get("tier"), id);
                assertEquals(api.get("rule_score").asText(), c.get("rule_score"), id);
                assertEquals(api.get("rule_tier").asText(), c.get("rule_tier"), id);
                assertEquals(apiReasons, JSON.readTree(c.get("reasons")), "the CSV's reasons are the API's JSON: " + id);
                assertEquals(api.get("model_version").asText(), c.get("model_version"), id);
            }
        }
        assertEquals(table.rowCount(), withReasons, "every lead has its reasons");
    }
}
