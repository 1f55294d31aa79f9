package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitTest {
    @Test
    void timeSplitHoldsOutTheNewestFifthAndCanBeRedone() {
        int n = 100;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_700_000_000_000L + (long) ((i * 37) % n) * 86_400_000L; // shuffled days
        }
        Table table = new Table("t", List.of(Column.ofNumbers("ts", ColumnType.TIMESTAMP, t)));
        Split s = Split.byTime(table, "ts");
        assertEquals(80, s.train().length);
        assertEquals(20, s.holdout().length);
        double latestTrain = 0;
        for (int r : s.train()) {
            latestTrain = Math.max(latestTrain, t[r]);
        }
        for (int r : s.holdout()) {
            assertTrue(t[r] > latestTrain, "every holdout lead is newer than every training lead");
        }
        Split again = Split.byCutoff(table, s.info());
        assertArrayEquals(s.holdout(), again.holdout());
    }

    @Test
    void stratifiedSplitIsSeededAndKeepsTheConversionRate() {
        int[] y = new int[1000];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 10 == 0 ? 1 : 0;
        }
        Split a = Split.stratified(y, 7);
        Split b = Split.stratified(y, 7);
        Split c = Split.stratified(y, 8);
        assertArrayEquals(a.holdout(), b.holdout());
        assertTrue(!java.util.Arrays.equals(a.holdout(), c.holdout()));
        assertEquals(200, a.holdout().length);
        long pos = 0;
        for (int r : a.holdout()) {
            pos += y[r];
        }
        assertEquals(20, pos);
    }
}
