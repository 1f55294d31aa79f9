/**
 * The feature store's definitions and its one transform path. {@code features.yaml} declares
 * features ({@link io.leadscore.featurestore.FeatureDefinitions}, read by
 * {@link io.leadscore.featurestore.FeatureDefinitionsParser}); {@link
 * io.leadscore.featurestore.PointInTimeFeatures} computes one lead's features from its attributes
 * and its events strictly before the scoring instant. The offline build (training) and the
 * prediction server both call that class, so that serving computes exactly what training computed.
 * Nothing here depends on Parquet or Hadoop.
 */
package io.leadscore.featurestore;
