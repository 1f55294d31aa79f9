import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * bench/serving/run.sh's reference: bare Javalin 7 routes on the same jars as the server (Jetty,
 * Javalin, the server's logback configuration) — no authentication, no metrics, no request log —
 * the HTTP stack alone on this machine, in the same run. Not a test.
 * <ul>
 *   <li>{@code GET /health/live}: a constant body;</li>
 *   <li>{@code POST /v1/predict/batch}: reads the whole body and answers a constant one (the bytes of
 *       ANSWER.json: leadscore's answer to the same batch), so that its time is what moving the batch
 *       and its answer through Javalin costs without any of the work;</li>
 *   <li>{@code GET /timer}: "COUNT SUM_MS" of the batch route's 200s, timed as leadscore's
 *       {@code /metrics} times its routes (Javalin's request logger).</li>
 * </ul>
 *
 * <p>Arguments: PORT (on 127.0.0.1) ANSWER.json
 */
public final class BareRoute {
    public static void main(String[] args) throws Exception {
        byte[] answer = Files.readAllBytes(Path.of(args[1]));
        LongAdder count = new LongAdder();
        DoubleAdder millis = new DoubleAdder();
        Javalin.create(config -> {
            config.requestLogger.http((ctx, ms) -> {
                if (ctx.path().equals("/v1/predict/batch") && ctx.statusCode() == 200) {
                    count.increment();
                    millis.add(ms);
                }
            });
            config.routes.get("/health/live", ctx -> ctx.contentType("application/json").result("{\"status\":\"live\"}"));
            config.routes.post("/v1/predict/batch", ctx -> {
                if (ctx.bodyAsBytes().length == 0) {
                    ctx.status(400);
                }
                ctx.contentType("application/json").result(answer);
            });
            config.routes.get("/timer", ctx -> ctx.result(count.sum() + " " + millis.sum()));
        }).start("127.0.0.1", Integer.parseInt(args[0]));
    }
}
