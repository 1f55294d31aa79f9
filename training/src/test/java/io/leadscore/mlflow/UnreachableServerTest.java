package io.leadscore.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.cli.Cli;
import io.leadscore.synthetic.LeadGenerator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configured but unreachable or malformed tracking server: exit 2, one line, no stack trace; the model is still saved. */
class UnreachableServerTest {
    @TempDir
    static Path dir;
    private static String closed;

    @BeforeAll
    static void data() throws Exception {
        new LeadGenerator(5).write(2000, dir.resolve("leads.parquet"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    private static String oneLine(Cli.Result r) {
        assertEquals(2, r.exit(), r.out() + r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one message: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        return lines.get(0);
    }

    @Test
    void trainSavesTheModelThenExits2() throws Exception {
        Path model = dir.resolve("model");
        Cli.Result r = Cli.run("train", "--data", dir.resolve("leads.parquet").toString(), "--label", "converted",
                "--out", model.toString(), "--mlflow-uri", closed);
        String line = oneLine(r);
        assertEquals("error: MLflow tracking server " + closed + " (--mlflow-uri): cannot reach it (Connection refused); is the server running?", line);
        assertTrue(Files.isRegularFile(model.resolve("model-card.json")) && Files.isRegularFile(model.resolve("model.tribuo")),
                "the local model directory is written first");
        assertTrue(r.out().contains("wrote " + model), r.out());
    }

    @Test
    void promoteExits2() throws Exception {
        String line = oneLine(Cli.run(java.util.Map.of("MLFLOW_TRACKING_URI", closed), "promote", "--name", "leadscore", "--version", "1"));
        assertTrue(line.contains(closed + " (MLFLOW_TRACKING_URI): cannot reach it"), line);
    }

    @Test
    void malformedUrlAndMissingServerExit2NamingTheFlag() throws Exception {
        String bad = oneLine(Cli.run("promote", "--name", "leadscore", "--version", "1", "--mlflow-uri", "localhost:5000"));
        assertTrue(bad.startsWith("error: --mlflow-uri: 'localhost:5000' is not an http(s) URL"), bad);
        String none = oneLine(Cli.run("promote", "--name", "leadscore", "--version", "1"));
        assertTrue(none.contains("--mlflow-uri") && none.contains("MLFLOW_TRACKING_URI"), none);
    }
}
