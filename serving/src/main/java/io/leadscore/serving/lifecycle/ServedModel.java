package io.leadscore.serving.lifecycle;

import io.leadscore.model.ConversionModel;
import io.leadscore.model.SegmentedModel;
import io.leadscore.serving.predict.FeatureResolver;
import java.time.Instant;

/**
 * A model as served: the scorer (with its segment models, if any), how its features are resolved
 * from requests, where it came from and when it was loaded.
 *
 * @param model the (pooled) scorer
 * @param features how a request's features are found (fields, events, online store)
 * @param source the model directory (or registry version) it was loaded from
 * @param loadedAt when it was loaded
 * @param segments the pooled model and its segment models ({@code train --segment-by}), each lead
 *     routed to one of them
 */
public record ServedModel(ConversionModel model, FeatureResolver features, String source, Instant loadedAt, SegmentedModel segments) {
    /** A model without segments. */
    public ServedModel(ConversionModel model, FeatureResolver features, String source, Instant loadedAt) {
        this(model, features, source, loadedAt, SegmentedModel.single(model));
    }

    /** A model with its segment models. */
    public ServedModel(SegmentedModel models, FeatureResolver features, String source, Instant loadedAt) {
        this(models.pooled(), features, source, loadedAt, models);
    }

    public String version() {
        return model.card().modelVersion();
    }
}
