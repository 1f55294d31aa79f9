/**
 * Behaviour as it arrives: a log of {@link io.leadscore.events.Event}s (a lead viewed a page, opened
 * an email, requested a demo...), each with a timestamp. Features are computed from these events
 * strictly before the moment a lead is scored ({@link io.leadscore.featurestore.PointInTimeFeatures}).
 */
package io.leadscore.events;
