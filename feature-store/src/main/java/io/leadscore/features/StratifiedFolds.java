package io.leadscore.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded stratified folds: the converted rows and the others are each shuffled and dealt round
 * the folds in turn, so every fold has about the same share of conversions. Used by the training
 * search's folds and by the out-of-fold target encoding.
 */
public final class StratifiedFolds {
    private StratifiedFolds() {
    }

    /**
     * The fold of each row.
     *
     * @param y the outcome (0 or 1) of each row
     * @param k the number of folds
     * @param seed the shuffles' seed: class {@code c} is shuffled with {@code new Random(seed + c)}
     * @return per row, its fold in {@code 0..k-1}
     */
    public static int[] assign(int[] y, int k, long seed) {
        int[] fold = new int[y.length];
        for (int cls = 0; cls <= 1; cls++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] == cls) {
                    rows.add(i);
                }
            }
            Collections.shuffle(rows, new Random(seed + cls));
            for (int j = 0; j < rows.size(); j++) {
                fold[rows.get(j)] = j % k;
            }
        }
        return fold;
    }
}
