package io.leadscore.model;

import java.util.Arrays;

/** Ranking quality of scores against outcomes, shared by offline evaluation and the live panel. */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    /** ROC AUC by the Mann-Whitney statistic with mid-ranks for ties; NaN with one class only. */
    public static double auc(double[] s, int[] y) {
        long pos = 0;
        for (int v : y) {
            pos += v;
        }
        long neg = y.length - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        Integer[] idx = new Integer[s.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(s[b], s[a]));
        double rankSumPos = 0;
        int n = s.length;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && s[idx[j + 1]] == s[idx[i]]) {
                j++;
            }
            double rank = n - (i + j) / 2.0; // mid-rank of positions i..j in descending order
            for (int k = i; k <= j; k++) {
                if (y[idx[k]] == 1) {
                    rankSumPos += rank;
                }
            }
            i = j + 1;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
