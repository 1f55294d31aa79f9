package io.leadscore.spark;

import io.leadscore.data.DataException;
import io.leadscore.model.ModelDirectory;
import io.leadscore.predict.Predictor;
import io.leadscore.rules.RuleSetParser;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an executor needs to score as the driver does: the model directory's files and the rules
 * file as bytes (broadcast once), rebuilt into the same {@link Predictor} once per executor JVM.
 */
final class ScoringShipment implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Predictors rebuilt on this JVM, by shipment. */
    private static final Map<String, Predictor> LOADED = new ConcurrentHashMap<>();

    private final String key = UUID.randomUUID().toString();
    private final Map<String, byte[]> modelFiles;
    private final byte[] rules;
    private final String rulesName;
    private final int topReasons;

    private ScoringShipment(Map<String, byte[]> modelFiles, byte[] rules, String rulesName, int topReasons) {
        this.modelFiles = modelFiles;
        this.rules = rules;
        this.rulesName = rulesName;
        this.topReasons = topReasons;
    }

    /** Packs a model directory (its regular files) and an optional rules file. */
    static ScoringShipment of(Path modelDir, Path rulesFile, int topReasons) {
        try (var files = Files.list(modelDir)) {
            Map<String, byte[]> bytes = new LinkedHashMap<>();
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                bytes.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
            byte[] rules = rulesFile == null ? null : Files.readAllBytes(rulesFile);
            return new ScoringShipment(bytes, rules, rulesFile == null ? null : rulesFile.getFileName().toString(), topReasons);
        } catch (IOException e) {
            throw new DataException(modelDir.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** The predictor, rebuilt from the shipped bytes on first use in this JVM. */
    Predictor predictor() {
        return LOADED.computeIfAbsent(key, k -> load());
    }

    private Predictor load() {
        try {
            Path dir = Files.createTempDirectory("leadscore-model-");
            Path model = Files.createDirectory(dir.resolve("model"));
            for (Map.Entry<String, byte[]> e : modelFiles.entrySet()) {
                Files.write(model.resolve(e.getKey()), e.getValue());
            }
            Path rulesFile = null;
            if (rules != null) {
                rulesFile = Files.write(dir.resolve(rulesName), rules);
            }
            Predictor p = new Predictor(ModelDirectory.load(model), rulesFile == null ? null : RuleSetParser.parse(rulesFile), topReasons);
            ModelDirectory.deleteTree(dir);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot unpack the model on an executor: " + e.getMessage(), e);
        }
    }
}
