import io.javalin.Javalin;

/**
 * bench/serving/run.sh's reference: a bare Javalin 7 route on the same jars as the server (Jetty,
 * Javalin, the server's logback configuration), answering {@code GET /health/live} with a constant
 * body — no authentication, no metrics, no request log — the HTTP stack alone on this machine, in the
 * same run. Not a test.
 *
 * <p>Argument: PORT (on 127.0.0.1)
 */
public final class BareRoute {
    public static void main(String[] args) {
        Javalin.create(config -> config.routes.get("/health/live", ctx -> ctx.contentType("application/json").result("{\"status\":\"live\"}")))
                .start("127.0.0.1", Integer.parseInt(args[0]));
    }
}
