package io.leadscore.training;

import io.leadscore.features.StratifiedFolds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cross-validation folds over the training window: rolling time folds (train on the past, validate
 * on the block right after it) when the rows are in time order, else seeded stratified folds.
 *
 * @param train positions that train in this fold
 * @param validate positions that validate in this fold
 */
public record Folds(int[] train, int[] validate) {

    /**
     * {@code k} rolling folds over rows already sorted by time: the window is cut into {@code k+1}
     * blocks; fold {@code i} trains on blocks {@code 0..i} and validates on block {@code i+1}.
     */
    public static List<Folds> rolling(int n, int k) {
        List<Folds> out = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            int end = (int) ((long) n * i / (k + 1));
            int stop = (int) ((long) n * (i + 1) / (k + 1));
            out.add(new Folds(range(0, end), range(end, stop)));
        }
        return out;
    }

    /** {@code k} stratified folds, seeded. */
    public static List<Folds> stratified(int[] y, int k, long seed) {
        int[] fold = StratifiedFolds.assign(y, k, seed * 131);
        List<Folds> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            final int ff = f;
            int[] tr = java.util.stream.IntStream.range(0, y.length).filter(i -> fold[i] != ff).toArray();
            int[] va = java.util.stream.IntStream.range(0, y.length).filter(i -> fold[i] == ff).toArray();
            out.add(new Folds(tr, va));
        }
        return out;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        Arrays.setAll(r, i -> from + i);
        return r;
    }
}
