package io.leadscore.feedback;

import java.util.List;
import java.util.Set;

/**
 * Which tier changes become webhook events and where they go: set on a store with
 * {@link FeedbackStore#routeTierChanges}; the prediction log's writer then writes one outbox row
 * per (event, endpoint) in the transaction of the prediction.
 *
 * @param endpoints the endpoints' URLs (at least one)
 * @param tiers the tiers whose entry is an event (e.g. only {@code hot}), or empty for every change
 */
public record WebhookRouting(List<String> endpoints, Set<String> tiers) {
    public WebhookRouting {
        endpoints = List.copyOf(endpoints);
        tiers = Set.copyOf(tiers);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("webhook routing needs at least one endpoint");
        }
    }

    /** Whether a change into {@code tier} is an event. */
    boolean sends(String tier) {
        return tiers.isEmpty() || tiers.contains(tier);
    }
}
