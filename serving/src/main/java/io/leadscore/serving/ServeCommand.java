package io.leadscore.serving;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.features.InputFeature;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.online.FileOnlineStore;
import io.leadscore.online.OnlineStore;
import io.leadscore.online.RedisOnlineStore;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.SegmentedModel;
import io.leadscore.rules.RuleSet;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.schema.LeadField;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.serving.lifecycle.ModelHolder;
import io.leadscore.serving.lifecycle.ModelWatcher;
import io.leadscore.serving.lifecycle.ServedModel;
import io.leadscore.serving.predict.FeatureResolver;
import io.leadscore.serving.security.ApiKeys;
import io.leadscore.serving.webhooks.WebhookOptions;
import io.leadscore.serving.webhooks.WebhookSettings;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leadscore serve}: starts the prediction server on a model directory or a registry alias;
 * with {@code --rules} and no model yet (none given, a directory not written yet, an alias not set
 * yet), on the point table alone until the watcher finds a model (a cold start).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a trained model over HTTP: POST /v1/predict, /v1/predict/batch, /v1/outcomes; GET /v1/models, "
                + "/v1/leads/{lead_id}/scores, /health, /metrics, /dashboard; tier-change webhooks. "
                + "Before there is a model, --rules FILE serves the point table alone (a cold start) until one appears at --model DIR or the registry alias.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Model directory written by 'train' (or serve from a registry: --registry-uri and --model-name). "
            + "With --rules it may not exist yet (or be empty): the point table answers until 'train' writes a model there.")
    Path model;

    @Option(names = "--registry-uri", description = "MLflow tracking server to serve a registered model from (its artifact proxy must be on).")
    java.net.URI registryUri;

    @Option(names = "--model-name", description = "Registered model to serve (with --registry-uri).")
    String modelName;

    @Option(names = "--alias", defaultValue = "champion", description = "Registry alias to follow (default: ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = "--model-cache", description = "Where registry versions are downloaded (default: a leadscore-models folder in the temp directory).")
    Path modelCache;

    @Option(names = "--port", defaultValue = "7070", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--rules", description = "Point-table rules scored beside the model (default: rules/default-rules.yaml when it fits the model). "
            + "Without a model yet (no --model, a directory not written yet, a registry alias not set yet) the point table answers alone.")
    Path rules;

    @Option(names = "--online-store", description = "Embedded online store (JSON lines written by 'features materialize'): "
            + "a request with only a lead_id is scored from it. POST /v1/online-store/reload re-reads it.")
    Path onlineStore;

    @Option(names = "--redis", description = "Online store in Redis (redis://host:port), shared by several server instances.")
    String redis;

    @Option(names = "--api-keys-file", description = "Keys file: lines 'api:<key>' or 'admin:<key>' (also read: env "
            + ApiKeys.API_ENV + " and " + ApiKeys.ADMIN_ENV + ", comma-separated).")
    Path apiKeysFile;

    @Option(names = "--no-auth", description = "Serve without API keys (only on a trusted network, e.g. a local trial).")
    boolean noAuth;

    @Option(names = "--feedback", description = "Outcome and prediction store: a SQLite file (default: feedback.db beside the model "
            + "directory) or postgresql://HOST:PORT/DB shared by several servers (credentials from PGUSER/PGPASSWORD or the URL).")
    String feedback;

    @Option(names = "--dashboard", description = "Dashboard data written by 'compare --report FILE.html' (FILE.json); serves /dashboard.")
    Path dashboard;

    @Option(names = "--challenger", description = "A second model directory scored in shadow; both scores are logged.")
    Path challenger;

    @Option(names = "--poll-seconds", defaultValue = "30",
            description = "Check the model directories for a new model every N seconds (0 = only on POST /v1/admin/reload; default: ${DEFAULT-VALUE}).")
    long pollSeconds;

    @Option(names = "--live-refresh-seconds", defaultValue = "60",
            description = "Recompute the dashboard's live figures (predictions, live AUC, drift) in the background every N seconds, "
                    + "so that a page load never scans the prediction log (0 = on every load; default: ${DEFAULT-VALUE}).")
    long liveRefreshSeconds;

    @CommandLine.Mixin
    WebhookOptions webhookOptions = new WebhookOptions();

    @Override
    public Integer call() throws InterruptedException {
        if (liveRefreshSeconds < 0) {
            throw new DataException("--live-refresh-seconds", "must be 0 or more seconds, got " + liveRefreshSeconds);
        }
        if (onlineStore != null && redis != null) {
            throw new DataException("--online-store", "choose one online store: --online-store FILE or --redis URI");
        }
        WebhookSettings webhooks = webhookOptions.settings(System.getenv());
        ApiKeys keys = ApiKeys.load(System.getenv(), apiKeysFile);
        if (!keys.configured() && !noAuth) {
            throw new DataException("serve", "no API keys: set " + ApiKeys.API_ENV + " (comma-separated, at least 8 characters each) or "
                    + "--api-keys-file FILE; or pass --no-auth to serve without authentication on a trusted network");
        }
        if ((model != null && registryUri != null) || (registryUri != null && modelName == null) || (model == null && registryUri == null && rules == null)) {
            throw new DataException("serve", "give either --model DIR, or --registry-uri URL with --model-name NAME (and --alias); "
                    + "or, before there is a model, --rules FILE to serve the point table alone (a cold start)");
        }
        java.util.function.Supplier<Path> championSource = championSource();
        Path first = championSource == null ? null : championSource.get();
        boolean cold = first == null || (rules != null && noModelYet(first));
        if (cold && challenger != null) {
            throw new DataException("--challenger", "there is no champion yet (a cold start on the point table): add the challenger once a model serves");
        }
        if (model != null && !cold && (onlineStore != null || redis != null) && ModelDirectory.readCard(model).featureDefinitions() == null) {
            throw new DataException(onlineStore != null ? "--online-store" : "--redis", "the model in " + model
                    + " was trained without feature definitions (train --features), so stored features would not match its inputs");
        }
        OnlineStore store = onlineStore != null ? FileOnlineStore.load(onlineStore) : redis != null ? RedisOnlineStore.connect(redis) : null;
        ModelHolder holder = new ModelHolder(source -> load(Path.of(source), store));
        if (!cold) {
            ModelHolder.Refusal refused = holder.offer(first.toString(), ModelHolder.Role.CHAMPION);
            if (refused != null) {
                throw new DataException(first.toString(), refused.reason() + (noModelYet(first)
                        ? "; to serve the point table until a model is written there, add --rules FILE (a cold start)" : ""));
            }
        }
        RuleSet r = cold ? RuleSetParser.parse(rules) : loadRules(holder.champion().model(), rules);
        FeedbackStore fb = FeedbackStore.open(feedback != null ? feedback
                : (model != null ? model.toAbsolutePath().resolveSibling("feedback.db") : Path.of("feedback.db")).toString());
        LeadscoreServer[] started = new LeadscoreServer[1];
        java.util.function.Consumer<ModelHolder.Refusal> record = refusal -> {
            if (started[0] != null) {
                started[0].recordSwap(refusal);
            }
        };
        List<ModelWatcher> watchers = new ArrayList<>();
        String described = registryUri != null ? registryUri + " " + modelName + "@" + alias : String.valueOf(model);
        if (championSource != null) {
            ModelWatcher championWatcher = new ModelWatcher(holder, championSource, described, ModelHolder.Role.CHAMPION, record, pollSeconds);
            if (!cold) {
                championWatcher.seen(first);
            }
            watchers.add(championWatcher);
        }
        if (challenger != null) {
            ModelHolder.Refusal c = holder.offer(challenger.toString(), ModelHolder.Role.CHALLENGER);
            if (c != null) {
                throw new DataException(challenger.toString(), c.reason());
            }
            Path ch = challenger;
            ModelWatcher challengerWatcher = new ModelWatcher(holder, () -> ch, challenger.toString(), ModelHolder.Role.CHALLENGER, record, pollSeconds);
            challengerWatcher.seen(challenger);
            watchers.add(challengerWatcher);
        }
        Runnable reload = watchers.isEmpty() ? null : () -> watchers.forEach(ModelWatcher::reload);
        LeadscoreServer server = LeadscoreServer.start(ServerConfig.builder(holder)
                .rules(r).keys(keys).feedback(fb).dashboard(dashboard).reload(reload)
                .host(host).port(port).liveRefresh(java.time.Duration.ofSeconds(liveRefreshSeconds)).webhooks(webhooks)
                .build());
        started[0] = server;
        if (store != null) {
            System.out.println("online store: " + store.describe());
        }
        String serving = !cold ? holder.champion().version() : "the point table " + rules + " (no model yet"
                + (championSource == null ? "" : "; looking for one at " + described
                        + (pollSeconds > 0 ? " every " + pollSeconds + " s" : " on POST /v1/admin/reload")) + ")";
        System.out.println("leadscore serving " + serving + " on http://" + host + ":" + server.port()
                + (keys.configured() ? "" : " (no authentication)"));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watchers.forEach(ModelWatcher::close);
            server.close();
            fb.close();
            if (store != null) {
                store.close();
            }
            stop.countDown();
        }));
        stop.await();
        return 0;
    }

    /** Whether a model directory has no model yet: it does not exist, or is empty. */
    static boolean noModelYet(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false; // not a directory, or unreadable: loading it says why
        }
    }

    /**
     * Where the champion is now: the model directory, or the registry alias's version; null without
     * either (a cold start with nothing to watch). With rules, an alias not set yet is no model yet
     * (a cold start) rather than an error.
     */
    private java.util.function.Supplier<Path> championSource() {
        if (registryUri == null) {
            Path dir = model;
            return dir == null ? null : () -> dir;
        }
        Path cache = modelCache != null ? modelCache : Path.of(System.getProperty("java.io.tmpdir"), "leadscore-models");
        io.leadscore.serving.lifecycle.RegistrySource registry = new io.leadscore.serving.lifecycle.RegistrySource(registryUri, modelName, alias, cache);
        return rules != null ? () -> registry.find().orElse(null) : registry::current;
    }

    /** Loads a model directory with its feature definitions, sharing the online store. */
    static ServedModel load(Path dir, OnlineStore store) {
        SegmentedModel m = ModelDirectory.loadSegmented(dir);
        FeatureDefinitions defs = ModelDirectory.featureDefinitions(dir, m.pooled().card());
        return new ServedModel(m, new FeatureResolver(defs, defs == null ? null : store), dir.toString(), Instant.now());
    }

    /**
     * The rules to score beside the model. An explicit file must fit the model's fields; the
     * default file is used only when it fits, so that a model of another dataset still serves.
     */
    static RuleSet loadRules(ConversionModel model, Path explicit) {
        Map<String, ColumnType> fields = new LinkedHashMap<>();
        for (LeadField f : LeadField.values()) {
            fields.put(f.column(), f.type());
        }
        for (InputFeature in : model.encoding().inputs()) {
            fields.put(in.name(), in.type());
        }
        if (explicit != null) {
            RuleSet r = RuleSetParser.parse(explicit);
            r.validate(fields);
            return r;
        }
        Path def = Path.of(System.getProperty("leadscore.home", ".")).resolve("rules/default-rules.yaml");
        if (!Files.isRegularFile(def)) {
            return null;
        }
        RuleSet r = RuleSetParser.parse(def);
        boolean fits = r.criteria().stream().anyMatch(c -> model.encoding().inputs().stream().anyMatch(i -> i.name().equals(c.column())));
        if (!fits) {
            System.err.println("note: " + def + " does not fit this model's fields; serving without a rule score");
            return null;
        }
        try {
            r.validate(fields);
            return r;
        } catch (DataException e) {
            System.err.println("note: serving without a rule score: " + e.getMessage());
            return null;
        }
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new ServeCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DataException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cl.execute(args));
    }
}
