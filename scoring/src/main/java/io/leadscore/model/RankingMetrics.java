package io.leadscore.model;

import java.util.Arrays;

/**
 * Ranking quality of scores against outcomes (1 converted, 0 not): the one ROC AUC and PR-AUC of
 * leadscore, used by offline evaluation, the leaky-feature check, promotion and the live panel.
 * Ties are exact: AUC counts a tied (converted, not converted) pair as half; PR-AUC steps over
 * distinct thresholds, a tie group entering all at once.
 */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    /** ROC AUC by the Mann-Whitney statistic with mid-ranks for ties; NaN with one class only. */
    public static double auc(double[] s, int[] y) {
        long pos = positives(y);
        long neg = y.length - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        Integer[] idx = byScoreDesc(s);
        double rankSumPos = 0;
        int n = s.length;
        int i = 0;
        while (i < n) {
            int j = lastOfTieGroup(s, idx, i);
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

    /**
     * ROC AUC of weighted rows, a row counting {@code weight[row]} times (a bootstrap resample's
     * counts, say), with ties as half a pair; {@code byScoreDesc} is {@link #byScoreDesc} of
     * {@code s}, sorted once by a caller that scores many weightings. NaN without weight on both
     * outcomes.
     */
    public static double weightedAuc(double[] s, int[] y, Integer[] byScoreDesc, double[] weight) {
        double posAbove = 0;
        double neg = 0;
        double pairs = 0;
        int i = 0;
        while (i < byScoreDesc.length) {
            int j = lastOfTieGroup(s, byScoreDesc, i);
            double gp = 0;
            double gn = 0;
            for (int k = i; k <= j; k++) {
                int row = byScoreDesc[k];
                if (y[row] == 1) {
                    gp += weight[row];
                } else {
                    gn += weight[row];
                }
            }
            pairs += gn * (posAbove + 0.5 * gp);
            posAbove += gp;
            neg += gn;
            i = j + 1;
        }
        return posAbove > 0 && neg > 0 ? pairs / (posAbove * neg) : Double.NaN;
    }

    /**
     * PR-AUC as average precision: the sum over distinct thresholds of the recall gained there times
     * the precision there; NaN without a converted lead.
     */
    public static double averagePrecision(double[] s, int[] y) {
        long pos = positives(y);
        if (pos == 0) {
            return Double.NaN;
        }
        Integer[] idx = byScoreDesc(s);
        double ap = 0;
        long tp = 0;
        int i = 0;
        while (i < idx.length) {
            int j = lastOfTieGroup(s, idx, i);
            long groupTp = 0;
            for (int k = i; k <= j; k++) {
                groupTp += y[idx[k]];
            }
            tp += groupTp;
            ap += ((double) groupTp / pos) * ((double) tp / (j + 1));
            i = j + 1;
        }
        return ap;
    }

    /** The number of converted leads (outcomes of 1). */
    public static long positives(int[] y) {
        long k = 0;
        for (int v : y) {
            k += v;
        }
        return k;
    }

    /** Indices sorted by score, highest first (ties in index order). */
    public static Integer[] byScoreDesc(double[] s) {
        Integer[] idx = new Integer[s.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(s[b], s[a]));
        return idx;
    }

    /** The last position of the group of equal scores that starts at position {@code i} of {@code idx}. */
    public static int lastOfTieGroup(double[] s, Integer[] idx, int i) {
        int j = i;
        while (j + 1 < idx.length && s[idx[j + 1]] == s[idx[i]]) {
            j++;
        }
        return j;
    }
}
