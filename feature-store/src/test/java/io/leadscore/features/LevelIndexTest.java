package io.leadscore.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Level positions agree with a map of the levels, also for Strings of equal hash, and from characters or ASCII bytes. */
class LevelIndexTest {

    @Test
    void positionsAgreeWithAMapOfTheLevels() {
        Random random = new Random(2);
        for (int n = 0; n < 200; n++) {
            List<String> levels = new ArrayList<>();
            int count = random.nextInt(40);
            for (int i = 0; i < count; i++) {
                levels.add(word(random));
            }
            levels.addAll(List.of("Aa", "BB", "AaAa", "BBBB", "AaBB")); // equal hash codes
            Map<String, Integer> expected = new HashMap<>();
            for (int i = 0; i < levels.size(); i++) {
                expected.put(levels.get(i), i); // a repeated level: its last position
            }
            LevelIndex index = new LevelIndex(levels);
            assertEquals(levels.size(), index.size());
            for (int probe = 0; probe < 200; probe++) {
                String value = probe % 2 == 0 && !levels.isEmpty() ? new String(levels.get(random.nextInt(levels.size()))) : word(random);
                assertEquals(expected.getOrDefault(value, -1), index.positionOf(value), value);
                char[] chars = ("<<" + value + ">>").toCharArray();
                String found = index.find(chars, 2, value.length());
                if (expected.containsKey(value)) {
                    assertSame(value.intern(), found, "the interned level for " + value);
                } else {
                    assertNull(found, value);
                }
                if (value.chars().allMatch(c -> c < 0x80)) { // from ASCII bytes: the same answer
                    byte[] bytes = ("<<" + value + ">>").getBytes(StandardCharsets.US_ASCII);
                    assertSame(found, index.findAscii(bytes, 2, value.length()), value);
                }
            }
        }
    }

    private static String word(Random random) {
        String letters = "abAB\u00e9\u4e2d-_ ";
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(5); i > 0; i--) {
            b.append(letters.charAt(random.nextInt(letters.length())));
        }
        return b.toString();
    }
}
