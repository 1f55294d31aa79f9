package io.leadscore.training;

import io.leadscore.data.Table;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.model.ConversionModel;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * Encoded leads with their outcomes, as Tribuo examples: what the trainers fit on.
 *
 * @param examples one Tribuo example per lead
 * @param y the outcomes
 */
public record Examples(List<Example<Label>> examples, int[] y) {
    private static final Label POS = new Label(ConversionModel.POSITIVE);
    private static final Label NEG = new Label(ConversionModel.NEGATIVE);

    /** Encodes the given rows of a table. */
    public static Examples encode(Table table, int[] rows, int[] y, FeatureEncoder encoder) {
        String[] names = encoder.encoding().featureNames();
        List<Example<Label>> out = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            double[] x = encoder.encode(table.row(rows[i])).values();
            out.add(new ArrayExample<>(y[i] == 1 ? POS : NEG, names, x));
        }
        return new Examples(out, y.clone());
    }

    /** The examples at the given positions. */
    public Examples subset(int[] positions) {
        List<Example<Label>> out = new ArrayList<>(positions.length);
        int[] ys = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out.add(examples.get(positions[i]));
            ys[i] = y[positions[i]];
        }
        return new Examples(out, ys);
    }

    public int size() {
        return y.length;
    }
}
