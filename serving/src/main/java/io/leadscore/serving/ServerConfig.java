package io.leadscore.serving;

import io.leadscore.feedback.FeedbackStore;
import io.leadscore.rules.RuleSet;
import io.leadscore.serving.lifecycle.ModelHolder;
import io.leadscore.serving.security.ApiKeys;
import io.leadscore.serving.webhooks.WebhookSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link LeadscoreServer} serves and how, built with {@link #builder(ModelHolder)}:
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder(models)
 *         .rules(rules).keys(keys).feedback(store).dashboard(path).reload(watchers::reload)
 *         .host("0.0.0.0").port(7070).liveRefresh(Duration.ofSeconds(60)).webhooks(settings)
 *         .build();
 * }</pre>
 * Only the models are required: by default the server binds 127.0.0.1 on any free port, without
 * keys (every route open), rules, feedback store, dashboard data, reload source or webhooks. A
 * holder with no champion yet (a cold start) needs the rules: the point table answers alone until a
 * model is offered.
 */
public final class ServerConfig {
    private final ModelHolder models;
    private final RuleSet rules;
    private final ApiKeys keys;
    private final FeedbackStore feedback;
    private final Path dashboard;
    private final Runnable reload;
    private final String host;
    private final int port;
    private final Duration liveRefresh;
    private final WebhookSettings webhooks;

    private ServerConfig(Builder b) {
        this.models = Objects.requireNonNull(b.models, "models");
        this.rules = b.rules;
        this.keys = b.keys;
        this.feedback = b.feedback;
        this.dashboard = b.dashboard;
        this.reload = b.reload;
        this.host = b.host;
        this.port = b.port;
        this.liveRefresh = b.liveRefresh;
        this.webhooks = b.webhooks;
    }

    /** A builder of a server of the champion (and challenger) {@code models} holds. */
    public static Builder builder(ModelHolder models) {
        return new Builder(models);
    }

    /** The champion and challenger holder (holding a champion, or none yet in a cold start with rules). */
    public ModelHolder models() {
        return models;
    }

    /** The incumbent point table scored beside the model, or null. */
    public RuleSet rules() {
        return rules;
    }

    /** The accepted API and admin keys; with none configured every route is open. */
    public ApiKeys keys() {
        return keys;
    }

    /** The outcome and prediction store, or null to log nothing. */
    public FeedbackStore feedback() {
        return feedback;
    }

    /** The dashboard data ({@code compare --report} writes it as JSON), or null. */
    public Path dashboard() {
        return dashboard;
    }

    /** What {@code POST /v1/admin/reload} runs (re-reads the model sources), or null. */
    public Runnable reload() {
        return reload;
    }

    /** The address to bind. */
    public String host() {
        return host;
    }

    /** The port, 0 for any free port. */
    public int port() {
        return port;
    }

    /** How often the dashboard's live figures are recomputed in the background (zero: on every read). */
    public Duration liveRefresh() {
        return liveRefresh;
    }

    /** The tier-change webhooks to send (they need a feedback store), or null for none. */
    public WebhookSettings webhooks() {
        return webhooks;
    }

    /** Sets a {@link ServerConfig}'s options one by one; {@link #build()} makes it. */
    public static final class Builder {
        private final ModelHolder models;
        private RuleSet rules;
        private ApiKeys keys = ApiKeys.load(Map.of(), null);
        private FeedbackStore feedback;
        private Path dashboard;
        private Runnable reload;
        private String host = "127.0.0.1";
        private int port;
        private Duration liveRefresh = Duration.ZERO;
        private WebhookSettings webhooks;

        private Builder(ModelHolder models) {
            this.models = models;
        }

        /** The rule set scored beside the model (null: none). */
        public Builder rules(RuleSet rules) {
            this.rules = rules;
            return this;
        }

        /** The API and admin keys (default: none, every route open). */
        public Builder keys(ApiKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** The outcome and prediction store (null: outcomes refused, nothing logged). */
        public Builder feedback(FeedbackStore feedback) {
            this.feedback = feedback;
            return this;
        }

        /** The dashboard data file (null: no dashboard). */
        public Builder dashboard(Path dashboard) {
            this.dashboard = dashboard;
            return this;
        }

        /** What the admin reload runs (null: the route answers 404). */
        public Builder reload(Runnable reload) {
            this.reload = reload;
            return this;
        }

        /** The address to bind (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port (default 0: any free port). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The live figures' background refresh interval (default zero: computed on every read). */
        public Builder liveRefresh(Duration liveRefresh) {
            if (liveRefresh.isNegative()) {
                throw new IllegalArgumentException("the refresh interval must not be negative: " + liveRefresh);
            }
            this.liveRefresh = liveRefresh;
            return this;
        }

        /** Tier-change webhooks (null: none); they need a feedback store. */
        public Builder webhooks(WebhookSettings webhooks) {
            this.webhooks = webhooks;
            return this;
        }

        public ServerConfig build() {
            if (webhooks != null && feedback == null) {
                throw new IllegalArgumentException("webhooks need a feedback store: their outbox is in it");
            }
            return new ServerConfig(this);
        }
    }
}
