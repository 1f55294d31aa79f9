package io.leadscore.synthetic;

import io.leadscore.data.ColumnType;
import io.leadscore.data.ParquetTableWriter;
import java.util.SplittableRandom;

/**
 * The generator's teams ({@code leadscore generate --segments N}): each lead belongs to one, in the
 * column {@link #COLUMN}, and each team's leads convert for different reasons. The first team
 * ({@code smb}) follows the generator's ground truth; the second ({@code enterprise}) reverses the
 * effects of decision authority, company size, channel, demo requests, webinars and chat (big
 * companies and self-serve individuals convert there); the third ({@code public_sector}) reverses
 * need, budget, timeline, pricing-page views and email clicks; further teams alternate. Team shares:
 * 1 : 0.8 : 0.1 : 0.1 …, so a third team is small. Drawn from a random stream of their own
 * (seeded by the generator's seed), so that without segments the generator's files stay as they were.
 */
final class Segments {
    /** The team column. */
    static final String COLUMN = "team";
    /** The team column's Parquet field. */
    static final ParquetTableWriter.Field FIELD = new ParquetTableWriter.Field(COLUMN, ColumnType.CATEGORICAL, false);
    private static final String[] NAMES = {"smb", "enterprise", "public_sector"};
    /** Indexes of the generator's logit terms each team reverses (see {@code LeadGenerator.lead}). */
    private static final int[][] REVERSED = {{}, {0, 4, 5, 10, 11, 12}, {1, 2, 3, 6, 9}};

    private final double[] mix;
    private final SplittableRandom rnd;

    Segments(int count, long seed) {
        if (count < 2) {
            throw new IllegalArgumentException("segments must be at least 2, got " + count);
        }
        this.mix = new double[count];
        double total = 0;
        for (int k = 0; k < count; k++) {
            mix[k] = k == 0 ? 1.0 : k == 1 ? 0.8 : 0.1;
            total += mix[k];
        }
        for (int k = 0; k < count; k++) {
            mix[k] /= total;
        }
        this.rnd = new SplittableRandom(seed ^ 0x5E65_E175L);
    }

    /** The next lead's team. */
    int draw() {
        return Draws.pick(rnd, mix);
    }

    String name(int team) {
        return team < NAMES.length ? NAMES[team] : "team_" + (team + 1);
    }

    /** The sum of the generator's logit terms as team {@code team} weighs them. */
    double logit(int team, double[] terms) {
        int[] reversed = REVERSED[team == 0 ? 0 : 1 + (team - 1) % 2];
        double s = 0;
        for (int j = 0; j < terms.length; j++) {
            s += terms[j];
        }
        for (int j : reversed) {
            s -= 2 * terms[j];
        }
        return s;
    }
}
