package io.leadscore.serving.lifecycle;

import io.leadscore.model.ConversionModel;
import io.leadscore.serving.predict.FeatureResolver;
import java.time.Instant;

/**
 * A model as served: the scorer, how its features are resolved from requests, where it came from
 * and when it was loaded.
 *
 * @param model the scorer
 * @param features how a request's features are found (fields, events, online store)
 * @param source the model directory (or registry version) it was loaded from
 * @param loadedAt when it was loaded
 */
public record ServedModel(ConversionModel model, FeatureResolver features, String source, Instant loadedAt) {
    public String version() {
        return model.card().modelVersion();
    }
}
