package io.leadscore.features;

import java.util.List;

/**
 * The encoded features of one lead, in the order of {@link FeatureEncoding#featureNames()}, with
 * warnings about imputed or unknown values.
 *
 * @param values one value per encoded feature
 * @param warnings human-readable notes such as "budget_band: unseen value 'xyz' treated as unknown"
 */
public record FeatureVector(double[] values, List<String> warnings) {
}
