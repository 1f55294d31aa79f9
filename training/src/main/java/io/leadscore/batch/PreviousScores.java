package io.leadscore.batch;

import io.leadscore.data.DataException;
import io.leadscore.rules.Tier;
import java.util.Arrays;
import java.util.Locale;

/**
 * The score and tier of each lead in a previous output of {@code leadscore score}, for
 * {@code --changed-since}: a lead is written again when it is new, its tier changed, or its score
 * moved by at least the minimum change. Kept compactly whatever the number of leads: each id as a
 * 64-bit hash (two distinct ids of ten million share one with odds of about 1 in 300,000) beside
 * its score and tier, 13 bytes per lead at most. Read-only once loaded, so thread-safe.
 */
public final class PreviousScores {
    private final Integer minScoreChange;
    private long[] keys = new long[1 << 16];
    private int[] values = new int[1 << 16];
    private int size;

    /**
     * @param minScoreChange a lead whose score changed by at least this much is written again even in
     *     the same tier; null for tier changes only
     */
    PreviousScores(Integer minScoreChange) {
        this.minScoreChange = minScoreChange;
    }

    /** Reads the previous output (a {@code .parquet} file or directory, or a {@code .csv}). */
    public static PreviousScores read(java.nio.file.Path file, String idColumn, Integer minScoreChange) {
        PreviousScores p = new PreviousScores(minScoreChange);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!java.nio.file.Files.exists(file)) {
            throw new DataException(file.toString(), "no such file (--changed-since names a previous output of leadscore score)");
        }
        if (name.endsWith(".csv")) {
            PreviousReader.csv(file, idColumn, p);
        } else if (name.endsWith(".parquet")) {
            PreviousReader.parquet(file, idColumn, p);
        } else {
            throw new DataException(file.toString(), "unknown file type: expected the .parquet or .csv a previous run wrote");
        }
        return p;
    }

    /** The number of leads kept. */
    public int size() {
        return size;
    }

    /** Records a lead of the previous output (a later row of the same id wins). */
    void put(String id, int score, Tier tier) {
        if (id == null) {
            return;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        long h = hash(id);
        int at = slot(h);
        if (keys[at] == 0) {
            size++;
        }
        keys[at] = h;
        values[at] = score << 2 | tier.ordinal();
    }

    /** Whether a lead is new or changed enough to be written again. */
    public boolean changed(String id, int score, Tier tier) {
        if (id == null) {
            return true;
        }
        long h = hash(id);
        int at = slot(h);
        if (keys[at] == 0) {
            return true;
        }
        int before = values[at];
        if ((before & 3) != tier.ordinal()) {
            return true;
        }
        return minScoreChange != null && Math.abs(score - (before >>> 2)) >= minScoreChange;
    }

    private int slot(long h) {
        int mask = keys.length - 1;
        int at = (int) (h ^ (h >>> 32)) & mask;
        while (keys[at] != 0 && keys[at] != h) {
            at = (at + 1) & mask;
        }
        return at;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int at = slot(oldKeys[i]);
                keys[at] = oldKeys[i];
                values[at] = oldValues[i];
            }
        }
    }

    /** A 64-bit hash of an id (FNV-1a over its chars, then mixed); never 0, the empty slot. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    @Override
    public String toString() {
        return "PreviousScores[" + size + " leads, " + Arrays.stream(keys).filter(k -> k != 0).count() + " slots used]";
    }
}
