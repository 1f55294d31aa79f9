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
import io.leadscore.rules.RuleSet;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.schema.LeadField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leadscore serve}: starts the prediction server on a model directory. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a trained model over HTTP (POST /v1/predict, GET /health).")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory written by 'train'.")
    Path model;

    @Option(names = "--port", defaultValue = "7070", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--rules", description = "Point-table rules scored beside the model (default: rules/default-rules.yaml when it fits the model).")
    Path rules;

    @Option(names = "--online-store", description = "Embedded online store (JSON lines written by 'features materialize'): "
            + "a request with only a lead_id is scored from it. POST /v1/online-store/reload re-reads it.")
    Path onlineStore;

    @Option(names = "--redis", description = "Online store in Redis (redis://host:port), shared by several server instances.")
    String redis;

    @Override
    public Integer call() throws InterruptedException {
        ConversionModel m = ModelDirectory.load(model);
        RuleSet r = loadRules(m, rules);
        FeatureDefinitions defs = ModelDirectory.featureDefinitions(model, m.card());
        if (onlineStore != null && redis != null) {
            throw new DataException("--online-store", "choose one online store: --online-store FILE or --redis URI");
        }
        if ((onlineStore != null || redis != null) && defs == null) {
            throw new DataException(onlineStore != null ? "--online-store" : "--redis", "the model in " + model
                    + " was trained without feature definitions (train --features), so stored features would not match its inputs");
        }
        OnlineStore store = onlineStore != null ? FileOnlineStore.load(onlineStore) : redis != null ? RedisOnlineStore.connect(redis) : null;
        LeadscoreServer server = LeadscoreServer.start(m, r, new FeatureResolver(defs, store), host, port);
        if (store != null) {
            System.out.println("online store: " + store.describe());
        }
        System.out.println("leadscore serving " + m.card().modelVersion() + " on http://" + host + ":" + server.port());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (store != null) {
                store.close();
            }
            stop.countDown();
        }));
        stop.await();
        return 0;
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
