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

    /** The data with its inputs restricted to the defined features. */
    public static TrainingData restrict(TrainingData data, FeatureDefinitions definitions) {
        List<String> names = definitions.names();
        for (String n : names) {
            if (data.table().column(n).isEmpty()) {
                throw new DataException(data.table().source(), null, n, "defined in " + definitions.source()
                        + " but not a column of the data; build the data with: leadscore features build --features " + definitions.source());
            }
        }
        List<String> inputs = new ArrayList<>();
        Map<String, String> dropped = new LinkedHashMap<>(data.dropped());
        for (String in : data.inputs()) {
            if (names.contains(in)) {
                inputs.add(in);
            } else {
                dropped.put(in, "not defined in " + definitions.source());
            }
        }
        if (inputs.isEmpty()) {
            throw new DataException(data.table().source(), "none of the features defined in " + definitions.source() + " is usable: " + dropped);
        }
        return new TrainingData(data.table(), data.y(), List.copyOf(inputs), dropped);
    }
}
