package io.leadscore.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PredictionRowsTest {
    private static long[][] shape() {
        return new long[][] {new long[3], new long[2]};
    }

    @Test
    void binsAreCountedAsEitherDatabaseWritesThemBack() {
        long[][] counts = shape();
        int[] scratch = new int[2];
        assertTrue(PredictionRows.addBins("[2,1]", counts, scratch));
        assertTrue(PredictionRows.addBins(" [ 2 , 0 ] ", counts, scratch), "PostgreSQL's jsonb text has spaces");
        assertTrue(PredictionRows.addBins(PredictionRows.json(new byte[] {0, 1}), counts, scratch));
        assertArrayEquals(new long[] {1, 0, 2}, counts[0]);
        assertArrayEquals(new long[] {1, 2}, counts[1]);
    }

    @Test
    void binsOfAnotherShapeOrOutOfRangeOrMalformedAreLeftOut() {
        long[][] counts = shape();
        int[] scratch = new int[2];
        for (String json : new String[] {null, "[]", "[1]", "[1,1,1]", "[3,0]", "[0,2]", "[-1,0]", "[1.5,0]", "[1,0", "1,0]",
                "[1,,0]", "[1 0]", "[1,0]x", "{}", "[\"1\",0]", "[1000000000,0]"}) {
            assertFalse(PredictionRows.addBins(json, counts, scratch), String.valueOf(json));
        }
        assertArrayEquals(new long[3], counts[0], "nothing added by a row left out, not even its first bins");
        assertArrayEquals(new long[2], counts[1]);
    }

    @Test
    void aModelWithoutInputsCountsEmptyArrays() {
        assertTrue(PredictionRows.addBins("[]", new long[0][], new int[0]));
        assertFalse(PredictionRows.addBins("[0]", new long[0][], new int[0]));
    }

    @Test
    void binsReadBackAsWritten() {
        byte[] bins = {0, 7, (byte) 200, (byte) 255};
        assertArrayEquals(bins, PredictionRows.bins(PredictionRows.json(bins)));
        assertArrayEquals(bins, PredictionRows.bins("[0, 7, 200, 255]"), "PostgreSQL's jsonb text");
        assertArrayEquals(new byte[0], PredictionRows.bins(" [ ] "));
        assertNull(PredictionRows.bins(null));
        assertThrows(IllegalStateException.class, () -> PredictionRows.bins("{\"a\":1}"));
    }
}
