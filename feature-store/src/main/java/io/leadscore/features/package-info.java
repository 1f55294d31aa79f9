/**
 * The one transform path from a lead to a model input vector, shared by training, the server, batch
 * scoring and Spark: {@link io.leadscore.features.FeatureEncoder} (one-hot levels, scaled numbers,
 * booleans, missing indicators) fitted on the training rows and stored in the model card as
 * {@link io.leadscore.features.FeatureEncoding}; labels read by {@link io.leadscore.features.LabelParser}.
 */
package io.leadscore.features;
