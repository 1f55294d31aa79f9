package io.leadscore.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.leadscore.features.FeatureEncoding;
import java.util.Map;

/**
 * What a model is and where it came from, stored beside it as {@code model-card.json}: the data it
 * was trained on (file, hash, rows, window), how the data was split, the features and their
 * encodings, tier cut-offs, holdout metrics, seed and library versions. Serving reads the encoding
 * from here, so that a request is encoded exactly as training data was.
 *
 * @param modelName a stable name, e.g. {@code leadscore-logistic}
 * @param modelVersion unique per trained model: algorithm, date and a content hash
 * @param createdAt when training finished (ISO-8601)
 * @param algorithm e.g. {@code logistic}
 * @param label the outcome column
 * @param seed the seed of every random step
 * @param data the training file and its content hash
 * @param split how the holdout was chosen
 * @param droppedColumns columns not used as features, with the reason
 * @param features the fitted encoding of each input column
 * @param descriptions business wording per input column, used in reasons
 * @param featureMeans mean of each encoded feature over the training rows: the "average lead" that
 *     reasons are measured against
 * @param calibration how raw model probabilities are calibrated (fitted on rows the model did not train on)
 * @param tiers probability cut-offs of the warm and hot tiers
 * @param holdoutMetrics metrics on the holdout only (n, positives, auc, pr_auc, log_loss, brier, ece, lift_at_10pct)
 * @param parameters training parameters
 * @param libraries library versions used to train
 * @param featureDefinitions the feature definitions the model's inputs are computed by (copied into
 *     the model directory), or null for a model trained on ready-made columns
 * @param featureProfiles how each input was spread over the training window (bins and their shares,
 *     in {@code features} order), what live drift is measured against; null in cards written before
 *     leadscore recorded them (no drift is shown for such a model)
 * @param engine what trained the model: {@code spark} (Spark MLlib, exported to serving's pure-Java
 *     format), or null for the default Java engine (Tribuo)
 * @param holdoutMetricsFrom which model the holdout metrics were measured on, in words (e.g. "the same
 *     recipe fitted without the holdout rows" when the served model was refitted on every row); null
 *     in cards written before leadscore recorded it (the metrics are then the served model's)
 * @param segments the segment models beside this (pooled) model ({@code train --segment-by}), or
 *     null for a model without segments
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(
        String modelName,
        String modelVersion,
        String createdAt,
        String algorithm,
        String label,
        long seed,
        DataInfo data,
        SplitInfo split,
        Map<String, String> droppedColumns,
        FeatureEncoding features,
        Map<String, String> descriptions,
        Map<String, Double> featureMeans,
        Calibration calibration,
        TierCutoffs tiers,
        Map<String, Object> holdoutMetrics,
        Map<String, Object> parameters,
        Map<String, String> libraries,
        FeatureSource featureDefinitions,
        java.util.List<FeatureProfile> featureProfiles,
        String engine,
        String holdoutMetricsFrom,
        SegmentsInfo segments) {

    /** The engine of Spark-trained models. */
    public static final String SPARK = "spark";

    /** A card without segments. */
    public ModelCard(String modelName, String modelVersion, String createdAt, String algorithm, String label, long seed,
                     DataInfo data, SplitInfo split, Map<String, String> droppedColumns, FeatureEncoding features,
                     Map<String, String> descriptions, Map<String, Double> featureMeans, Calibration calibration, TierCutoffs tiers,
                     Map<String, Object> holdoutMetrics, Map<String, Object> parameters, Map<String, String> libraries,
                     FeatureSource featureDefinitions, java.util.List<FeatureProfile> featureProfiles, String engine,
                     String holdoutMetricsFrom) {
        this(modelName, modelVersion, createdAt, algorithm, label, seed, data, split, droppedColumns, features, descriptions,
                featureMeans, calibration, tiers, holdoutMetrics, parameters, libraries, featureDefinitions, featureProfiles, engine,
                holdoutMetricsFrom, null);
    }

    /** A card without the origin of its holdout metrics (as written before cards recorded it). */
    public ModelCard(String modelName, String modelVersion, String createdAt, String algorithm, String label, long seed,
                     DataInfo data, SplitInfo split, Map<String, String> droppedColumns, FeatureEncoding features,
                     Map<String, String> descriptions, Map<String, Double> featureMeans, Calibration calibration, TierCutoffs tiers,
                     Map<String, Object> holdoutMetrics, Map<String, Object> parameters, Map<String, String> libraries,
                     FeatureSource featureDefinitions, java.util.List<FeatureProfile> featureProfiles, String engine) {
        this(modelName, modelVersion, createdAt, algorithm, label, seed, data, split, droppedColumns, features, descriptions,
                featureMeans, calibration, tiers, holdoutMetrics, parameters, libraries, featureDefinitions, featureProfiles, engine, null);
    }

    /** A card without feature definitions (a model trained on ready-made columns). */
    public ModelCard(String modelName, String modelVersion, String createdAt, String algorithm, String label, long seed,
                     DataInfo data, SplitInfo split, Map<String, String> droppedColumns, FeatureEncoding features,
                     Map<String, String> descriptions, Map<String, Double> featureMeans, Calibration calibration, TierCutoffs tiers,
                     Map<String, Object> holdoutMetrics, Map<String, Object> parameters, Map<String, String> libraries) {
        this(modelName, modelVersion, createdAt, algorithm, label, seed, data, split, droppedColumns, features, descriptions,
                featureMeans, calibration, tiers, holdoutMetrics, parameters, libraries, null, null, null);
    }

    /** A card without training profiles (as written before cards carried them). */
    public ModelCard(String modelName, String modelVersion, String createdAt, String algorithm, String label, long seed,
                     DataInfo data, SplitInfo split, Map<String, String> droppedColumns, FeatureEncoding features,
                     Map<String, String> descriptions, Map<String, Double> featureMeans, Calibration calibration, TierCutoffs tiers,
                     Map<String, Object> holdoutMetrics, Map<String, Object> parameters, Map<String, String> libraries,
                     FeatureSource featureDefinitions) {
        this(modelName, modelVersion, createdAt, algorithm, label, seed, data, split, droppedColumns, features, descriptions,
                featureMeans, calibration, tiers, holdoutMetrics, parameters, libraries, featureDefinitions, null, null);
    }

    /** The same card, recording the engine that trained the model. */
    public ModelCard withEngine(String trainedBy) {
        return new ModelCard(modelName, modelVersion, createdAt, algorithm, label, seed, data, split, droppedColumns, features,
                descriptions, featureMeans, calibration, tiers, holdoutMetrics, parameters, libraries, featureDefinitions, featureProfiles,
                trainedBy, holdoutMetricsFrom, segments);
    }

    /** The same card, recording how each input was spread over the training window. */
    public ModelCard withFeatureProfiles(java.util.List<FeatureProfile> profiles) {
        return new ModelCard(modelName, modelVersion, createdAt, algorithm, label, seed, data, split, droppedColumns, features,
                descriptions, featureMeans, calibration, tiers, holdoutMetrics, parameters, libraries, featureDefinitions, profiles, engine, holdoutMetricsFrom, segments);
    }

    /** The same card, recording the feature definitions its inputs are computed by. */
    public ModelCard withFeatureDefinitions(FeatureSource source) {
        return new ModelCard(modelName, modelVersion, createdAt, algorithm, label, seed, data, split, droppedColumns, features,
                descriptions, featureMeans, calibration, tiers, holdoutMetrics, parameters, libraries, source, featureProfiles, engine, holdoutMetricsFrom, segments);
    }

    /**
     * The feature definitions ({@code features.yaml}) a model was trained with, so that serving can
     * compute its inputs from a lead's attributes and events exactly as the offline build did.
     *
     * @param file the definitions file inside the model directory
     * @param source the file they were copied from at training time
     * @param sha256 hash of the file's bytes (checked when the model is loaded)
     * @param name the definitions' name
     * @param features the defined feature names, in file order
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FeatureSource(String file, String source, String sha256, String name, java.util.List<String> features) {
    }

    /** This card with the results of fitting: calibration, tiers, holdout metrics and parameters. */
    public ModelCard withResults(Calibration calibration, TierCutoffs tiers, Map<String, Object> holdoutMetrics, Map<String, Object> parameters) {
        return new ModelCard(modelName, modelVersion, createdAt, algorithm, label, seed, data, split, droppedColumns, features,
                descriptions, featureMeans, calibration, tiers, holdoutMetrics, parameters, libraries, featureDefinitions, featureProfiles, engine, holdoutMetricsFrom, segments);
    }

    /** The same card, listing the segment models beside it. */
    public ModelCard withSegments(SegmentsInfo info) {
        return new ModelCard(modelName, modelVersion, createdAt, algorithm, label, seed, data, split, droppedColumns, features,
                descriptions, featureMeans, calibration, tiers, holdoutMetrics, parameters, libraries, featureDefinitions, featureProfiles,
                engine, holdoutMetricsFrom, info);
    }

    /** The same card, saying which model its holdout metrics were measured on. */
    public ModelCard withHoldoutMetricsFrom(String from) {
        return new ModelCard(modelName, modelVersion, createdAt, algorithm, label, seed, data, split, droppedColumns, features,
                descriptions, featureMeans, calibration, tiers, holdoutMetrics, parameters, libraries, featureDefinitions, featureProfiles, engine, from, segments);
    }

    /**
     * @param file the training file as given
     * @param sha256 hash of the file's bytes
     * @param rows rows in the file
     * @param positives converted rows in the file
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DataInfo(String file, String sha256, long rows, long positives) {
    }

    /**
     * @param method {@code time} (newest fraction by {@code timeColumn} held out) or {@code stratified} (seeded)
     * @param holdoutFraction the share of rows held out
     * @param timeColumn the time column of a time split, else null
     * @param holdoutFrom the first holdout instant of a time split (rows at or after it are held out)
     * @param trainFrom first instant of the training window (time split)
     * @param trainTo last instant of the training window (time split)
     * @param holdoutTo last instant of the holdout window (time split)
     * @param trainRows rows used to fit
     * @param holdoutRows rows held out for the metrics
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SplitInfo(String method, double holdoutFraction, String timeColumn, String holdoutFrom,
                            String trainFrom, String trainTo, String holdoutTo, long trainRows, long holdoutRows) {
    }

    /**
     * @param warmFrom lowest calibrated probability that is warm
     * @param hotFrom lowest calibrated probability that is hot
     * @param method how they were chosen, in words
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TierCutoffs(double warmFrom, double hotFrom, String method) {
    }
}
