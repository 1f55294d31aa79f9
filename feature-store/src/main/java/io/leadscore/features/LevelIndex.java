package io.leadscore.features;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The position of each level of a categorical field, looked up for every scored lead by the
 * encoder, the drift bins and the request reader: an open-addressing table of the level Strings
 * with their hashes and positions beside them in flat arrays (no boxed positions, no nodes to
 * chase), the levels interned so that a value found by one index is the same String in all of
 * them and compares by reference. A value can also be found from characters (a parser's buffer)
 * without making a String. Immutable.
 */
public final class LevelIndex {
    private final List<String> levels;
    /** The levels, interned so that equal levels of the model's several parts are one String. */
    private final String[] table;
    private final int[] hashes;
    private final int[] positions;
    /** Each slot's level as ASCII bytes, for {@link #findAscii} (null for a level with other characters). */
    private final byte[][] ascii;

    /** @param levels the levels in position order (a repeated level has its last position, as in a map) */
    public LevelIndex(List<String> levels) {
        this.levels = List.copyOf(levels);
        int size = Integer.highestOneBit(Math.max(4, this.levels.size() * 4 - 1)); // at most half full
        table = new String[size];
        hashes = new int[size];
        positions = new int[size];
        ascii = new byte[size][];
        for (int p = 0; p < this.levels.size(); p++) {
            String level = this.levels.get(p).intern();
            int i = level.hashCode() & (size - 1);
            while (table[i] != null && !table[i].equals(level)) {
                i = (i + 1) & (size - 1);
            }
            table[i] = level;
            hashes[i] = level.hashCode();
            positions[i] = p;
            ascii[i] = level.chars().allMatch(c -> c < 0x80) ? level.getBytes(StandardCharsets.US_ASCII) : null;
        }
    }

    /** The number of levels. */
    public int size() {
        return levels.size();
    }

    /** The position of a level, or -1 when {@code value} is not one. */
    public int positionOf(String value) {
        int h = value.hashCode();
        for (int i = h & (table.length - 1); table[i] != null; i = (i + 1) & (table.length - 1)) {
            if (table[i] == value || hashes[i] == h && table[i].equals(value)) {
                return positions[i];
            }
        }
        return -1;
    }

    /**
     * The level equal to {@code chars[offset, offset + length)} — the interned String of the level,
     * which every index of the same level holds, so that later lookups find it by reference — or
     * null when it is not a level.
     */
    public String find(char[] chars, int offset, int length) {
        int h = 0;
        for (int k = 0; k < length; k++) {
            h = 31 * h + chars[offset + k]; // as String.hashCode
        }
        for (int i = h & (table.length - 1); table[i] != null; i = (i + 1) & (table.length - 1)) {
            if (hashes[i] == h && table[i].length() == length && sameChars(table[i], chars, offset)) {
                return table[i];
            }
        }
        return null;
    }

    /**
     * As {@link #find(char[], int, int)}, for a value given as ASCII bytes (each byte below 128 is
     * its character).
     */
    public String findAscii(byte[] bytes, int offset, int length) {
        int h = 0;
        for (int k = 0; k < length; k++) {
            h = 31 * h + bytes[offset + k];
        }
        for (int i = h & (table.length - 1); table[i] != null; i = (i + 1) & (table.length - 1)) {
            byte[] level = ascii[i];
            if (hashes[i] == h && level != null && level.length == length && Arrays.equals(level, 0, length, bytes, offset, offset + length)) {
                return table[i];
            }
        }
        return null;
    }

    private static boolean sameChars(String level, char[] chars, int offset) {
        for (int k = 0; k < level.length(); k++) {
            if (level.charAt(k) != chars[offset + k]) {
                return false;
            }
        }
        return true;
    }
}
