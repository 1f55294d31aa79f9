/**
 * The Spark engine ({@code --engine spark}): the same {@code features.yaml} compiled to Spark
 * aggregations ({@link io.leadscore.spark.SparkFeatureBuild}), and training with Spark MLlib
 * ({@link io.leadscore.spark.SparkTrainingRun}) that shares its split, encoding, calibration, model
 * card and MLflow logging with the Tribuo path and is exported into serving's pure-Java model format
 * ({@link io.leadscore.spark.SparkModelExport}), so that serving never needs Spark.
 */
package io.leadscore.spark;
