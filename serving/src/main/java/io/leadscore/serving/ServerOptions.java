package io.leadscore.serving;

import io.leadscore.rules.RuleSet;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.serving.lifecycle.ModelHolder;
import io.leadscore.serving.security.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a {@link LeadscoreServer} serves and how.
 *
 * @param models the champion and challenger holder (already holding a champion)
 * @param rules the incumbent point table scored beside the model, or null
 * @param keys the accepted API and admin keys; with none configured every route is open
 * @param feedback the outcome and prediction store, or null to log nothing
 * @param dashboard the dashboard data ({@code compare --report} writes it as JSON), or null
 * @param reload what {@code POST /v1/admin/reload} runs (re-reads the model source), or null
 * @param host the address to bind
 * @param port the port, 0 for any free port
 * @param liveRefresh how often the dashboard's live figures are recomputed in the background (zero:
 *     on every read)
 */
public record ServerOptions(ModelHolder models, RuleSet rules, ApiKeys keys, FeedbackStore feedback, Path dashboard,
                            Runnable reload, String host, int port, Duration liveRefresh) {

    /** Options whose live figures are computed on every read. */
    public ServerOptions(ModelHolder models, RuleSet rules, ApiKeys keys, FeedbackStore feedback, Path dashboard,
                         Runnable reload, String host, int port) {
        this(models, rules, keys, feedback, dashboard, reload, host, port, Duration.ZERO);
    }
}
