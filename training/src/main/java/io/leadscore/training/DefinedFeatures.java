package io.leadscore.training;

import io.leadscore.data.DataException;
import io.leadscore.featurestore.FeatureDefinitions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training with {@code --features}: the model's inputs are exactly the defined features the data
 * has (a training set written by {@code leadscore features build}); any other column is left out,
 * so that serving can compute every input from a lead's attributes and events.
 */
public final class DefinedFeatures {
    private DefinedFeatures() {
    }

    /**
     * Inputs and left-out columns after restricting to defined features.
     *
     * @param inputs the defined features the data has, in data order
     * @param dropped every other column, with the reason
     */
    public record Restricted(List<String> inputs, Map<String, String> dropped) {
    }

    /** The data with its inputs restricted to the defined features. */
    public static TrainingData restrict(TrainingData data, FeatureDefinitions definitions) {
        Restricted r = restrict(data.table().source(), data.table().columnNames(), data.inputs(), data.dropped(), definitions);
        return new TrainingData(data.table(), data.y(), r.inputs(), r.dropped());
    }

    /**
     * Restricts {@code inputs} of a data set with {@code columns} to the defined features (both
     * engines call this).
     */
    public static Restricted restrict(String source, List<String> columns, List<String> inputs, Map<String, String> droppedBefore,
                                      FeatureDefinitions definitions) {
        List<String> names = definitions.names();
        for (String n : names) {
            if (!columns.contains(n)) {
                throw new DataException(source, null, n, "defined in " + definitions.source()
                        + " but not a column of the data; build the data with: leadscore features build --features " + definitions.source());
            }
        }
        List<String> kept = new ArrayList<>();
        Map<String, String> dropped = new LinkedHashMap<>(droppedBefore);
        for (String in : inputs) {
            if (names.contains(in)) {
                kept.add(in);
            } else {
                dropped.put(in, "not defined in " + definitions.source());
            }
        }
        if (kept.isEmpty()) {
            throw new DataException(source, "none of the features defined in " + definitions.source() + " is usable: " + dropped);
        }
        return new Restricted(List.copyOf(kept), dropped);
    }
}
