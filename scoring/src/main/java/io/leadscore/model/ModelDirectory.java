package io.leadscore.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.data.DataException;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureDefinitionsParser;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * The one place that saves and loads a model directory: {@code model.tribuo} (Tribuo's protobuf
 * format) or, for a model exported from another engine (Spark), {@code scoring-function.json}
 * ({@link ScoringFunctionFile}), and {@code model-card.json}. Saving writes a temporary sibling directory and renames it
 * into place, so a reader never sees a half-written model.
 */
public final class ModelDirectory {
    public static final String MODEL_FILE = "model.tribuo";
    /** The exported model of a directory without {@link #MODEL_FILE} (e.g. trained with {@code --engine spark}). */
    public static final String FUNCTION_FILE = "scoring-function.json";
    public static final String CARD_FILE = "model-card.json";
    /** The learned point table beside the model, in the rules-file format. */
    public static final String SCORECARD_FILE = "scorecard.yaml";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelDirectory() {
    }

    /** The feature definitions file inside a model directory trained with {@code --features}. */
    public static final String FEATURES_FILE = "features.yaml";

    /** Writes the model and its card to {@code dir}, replacing an existing model there. */
    public static void save(Path dir, Model<Label> model, ModelCard card) {
        save(dir, model, card, null, java.util.Map.of());
    }

    /**
     * Writes the model, its card, unless null a copy of the feature definitions file the card names,
     * and extra text files (e.g. {@code scorecard.yaml}), all at once: a reader sees the old
     * directory or the new one, never a mix.
     */
    public static void save(Path dir, Model<Label> model, ModelCard card, Path featureDefinitions, java.util.Map<String, String> extraFiles) {
        save(dir, temp -> model.serializeToFile(temp.resolve(MODEL_FILE)), card, featureDefinitions, extraFiles);
    }

    /**
     * Writes an exported model (its {@link ScoringFunction}), its card and the other files like
     * {@link #save(Path, Model, ModelCard, Path, java.util.Map)}, all at once.
     */
    public static void save(Path dir, ScoringFunction function, ModelCard card, Path featureDefinitions, java.util.Map<String, String> extraFiles) {
        save(dir, temp -> ScoringFunctionFile.write(temp.resolve(FUNCTION_FILE), function, JSON), card, featureDefinitions, extraFiles);
    }

    /** Writes the model file(s) of a directory under construction. */
    private interface ModelWriter {
        void writeInto(Path temp) throws IOException;
    }

    /**
     * Writes the model, its card, the other files, and {@code directories} (already written
     * elsewhere, e.g. the segment models, by their path inside {@code dir}), all at once: the
     * directories are moved in before the whole is renamed into place.
     */
    public static void save(Path dir, Model<Label> model, ModelCard card, Path featureDefinitions, java.util.Map<String, String> extraFiles,
                            java.util.Map<String, Path> directories) {
        save(dir, temp -> {
            model.serializeToFile(temp.resolve(MODEL_FILE));
            for (var e : directories.entrySet()) {
                Path to = temp.resolve(e.getKey()).normalize();
                if (!to.startsWith(temp)) {
                    throw new IllegalArgumentException("not inside the model directory: " + e.getKey());
                }
                Files.createDirectories(to.getParent());
                Files.move(e.getValue(), to);
            }
        }, card, featureDefinitions, extraFiles);
    }

    private static void save(Path dir, ModelWriter model, ModelCard card, Path featureDefinitions, java.util.Map<String, String> extraFiles) {
        Path target = dir.toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            deleteTree(temp);
            Files.createDirectories(temp);
            model.writeInto(temp);
            JSON.writeValue(temp.resolve(CARD_FILE).toFile(), card);
            for (var e : extraFiles.entrySet()) {
                Files.writeString(temp.resolve(e.getKey()), e.getValue());
            }
            if (featureDefinitions != null) {
                Files.copy(featureDefinitions, temp.resolve(FEATURES_FILE));
            }
            if (Files.exists(target)) {
                Path old = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
                deleteTree(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new DataException(dir.toString(), "exists and is not a model directory");
        } catch (IOException e) {
            throw new DataException(dir.toString(), "cannot write the model: " + e.getMessage());
        } finally {
            try {
                deleteTree(temp);
            } catch (IOException ignored) {
                // only a temporary directory
            }
        }
    }

    /** Reads the card of a model directory. */
    public static ModelCard readCard(Path dir) {
        Path card = dir.resolve(CARD_FILE);
        if (!Files.isRegularFile(card)) {
            throw new DataException(dir.toString(), "not a model directory (no " + CARD_FILE + ")");
        }
        try {
            return JSON.readValue(card.toFile(), ModelCard.class);
        } catch (IOException e) {
            throw new DataException(card.toString(), "unreadable model card: " + e.getMessage());
        }
    }

    /** Loads a model directory, checking that its model is a conversion classifier. */
    @SuppressWarnings("unchecked")
    public static ConversionModel load(Path dir) {
        ModelCard card = readCard(dir);
        Path file = dir.resolve(MODEL_FILE);
        Path exported = dir.resolve(FUNCTION_FILE);
        if (!Files.isRegularFile(file) && Files.isRegularFile(exported)) {
            return ConversionModel.of(ScoringFunctionFile.read(exported, card, JSON), card);
        }
        if (!Files.isRegularFile(file)) {
            throw new DataException(dir.toString(), "not a model directory (no " + MODEL_FILE + ")");
        }
        Model<?> raw;
        try {
            raw = Model.deserializeFromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new DataException(file.toString(), "unreadable model: " + e.getMessage());
        }
        if (!raw.validate(Label.class) || !raw.generatesProbabilities()) {
            throw new DataException(file.toString(), "not a probabilistic classification model");
        }
        return new ConversionModel((Model<Label>) raw, card);
    }

    /**
     * Loads a model directory with its segment models ({@code train --segment-by}): each segment
     * its card lists as served by its own model, from the sub-directory the card names. A directory
     * without segments loads as the pooled model alone.
     */
    public static SegmentedModel loadSegmented(Path dir) {
        ConversionModel pooled = load(dir);
        SegmentsInfo info = pooled.card().segments();
        if (info == null) {
            return SegmentedModel.single(pooled);
        }
        java.util.Map<String, ConversionModel> models = new java.util.LinkedHashMap<>();
        for (SegmentsInfo.Segment s : info.served()) {
            Path sub = dir.resolve(s.directory()).normalize();
            if (!sub.startsWith(dir.normalize())) {
                throw new DataException(dir.resolve(CARD_FILE).toString(), "segment " + s.value() + " names a directory outside the model: " + s.directory());
            }
            ConversionModel m = load(sub);
            if (s.modelVersion() != null && !s.modelVersion().equals(m.card().modelVersion())) {
                throw new DataException(sub.toString(), "holds model " + m.card().modelVersion() + ", the card lists " + s.modelVersion());
            }
            models.put(s.value(), m);
        }
        return new SegmentedModel(pooled, info.column(), models);
    }

    /**
     * The feature definitions a model directory carries, checked against the hash in its card; null
     * for a model trained on ready-made columns.
     */
    public static FeatureDefinitions featureDefinitions(Path dir, ModelCard card) {
        ModelCard.FeatureSource src = card.featureDefinitions();
        if (src == null) {
            return null;
        }
        Path file = dir.resolve(src.file());
        if (!Files.isRegularFile(file)) {
            throw new DataException(dir.toString(), "the model card names feature definitions " + src.file() + " and the directory has none");
        }
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            if (!sha.equals(src.sha256())) {
                throw new DataException(file.toString(), "changed since training (SHA-256 differs from the model card); retrain instead of editing it");
            }
        } catch (IOException e) {
            throw new DataException(file.toString(), "cannot read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return FeatureDefinitionsParser.parse(file);
    }

    /** Deletes a directory tree (nothing if it does not exist). */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
