package io.leadscore.report;

/**
 * One way of ranking leads, with its score per lead (higher = more likely to convert).
 *
 * @param key short name used in the data ({@code model}, {@code scorecard}, {@code rules})
 * @param label what managers see
 * @param scores one score per lead
 */
public record Ranker(String key, String label, double[] scores) {
}
