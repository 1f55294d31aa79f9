package io.leadscore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.data.Column;
import io.leadscore.data.Table;
import io.leadscore.testing.ServerChild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code leadscore} commands in a child JVM, as a user's shell would, and captures the result.
 * The child does not inherit {@code MLFLOW_TRACKING_URI}, so that tests never log to a developer's server.
 */
public final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a command printed and returned. */
    public record Result(int exit, String out, String err) {
    }

    private Cli() {
    }

    public static ProcessBuilder builder(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.add("-Dleadscore.home=" + Path.of("..").toAbsolutePath().normalize());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("MLFLOW_TRACKING_URI");
        return pb;
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    /** Runs a command with extra environment variables. */
    public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = builder("io.leadscore.cli.Leadscore", args);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        // read both streams fully before waiting, so a chatty child cannot block
        var errText = new StringBuilder();
        Thread t = new Thread(() -> {
            try {
                errText.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.start();
        String outText = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("leadscore " + String.join(" ", args) + " did not finish");
        }
        t.join();
        return new Result(p.exitValue(), outText, errText.toString());
    }

    /** One row of a table as the JSON body a CRM would post for it (timestamps as ISO-8601 strings). */
    public static ObjectNode leadJson(Table table, int row) {
        ObjectNode lead = JSON.createObjectNode();
        for (Column c : table.columns()) {
            Object v = c.value(row);
            if (v instanceof Double d) {
                lead.put(c.name(), d);
            } else if (v instanceof Boolean b) {
                lead.put(c.name(), b);
            } else if (v != null) {
                lead.put(c.name(), v.toString());
            }
        }
        return lead;
    }

    /**
     * The address a server child process prints when it is up ({@code ... on http://127.0.0.1:PORT});
     * its further output is drained in the background so that it never blocks on a full pipe.
     */
    public static String baseUrl(Process server) throws IOException {
        StringBuilder seen = new StringBuilder();
        String url = ServerChild.address(server, seen);
        if (url == null) {
            throw new AssertionError("the server did not start: " + seen);
        }
        return url;
    }
}
