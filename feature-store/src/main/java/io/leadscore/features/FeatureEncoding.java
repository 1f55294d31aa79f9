package io.leadscore.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import io.leadscore.data.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * The fitted encoding of all input columns: one-hot for categoricals (with an "unknown" bucket), and
 * a target-encoded feature for a categorical with many rare levels, centring and scaling for numbers (log1p first for skewed counts), 0/1 for booleans, and
 * missing-value indicators where training had missing values. Serialised as a JSON list inside the
 * model card. {@link FeatureEncoder} applies it.
 */
public final class FeatureEncoding {
    private final List<InputFeature> inputs;
    private final String[] featureNames;
    private final int[] inputOfFeature;
    private final int[] firstFeatureOfInput;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public FeatureEncoding(List<InputFeature> inputs) {
        this.inputs = List.copyOf(inputs);
        List<String> names = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        firstFeatureOfInput = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            InputFeature in = inputs.get(i);
            firstFeatureOfInput[i] = names.size();
            if (in.oneHot()) {
                for (String level : in.levels()) {
                    names.add(in.name() + "=" + level);
                    owner.add(i);
                }
                names.add(in.name() + "=" + InputFeature.UNKNOWN);
                owner.add(i);
            }
            if (in.type() != ColumnType.CATEGORICAL || in.targetEncoding() != null) {
                names.add(in.name());
                owner.add(i);
            }
            if (in.missingIndicator()) {
                names.add(in.name() + "=" + InputFeature.MISSING);
                owner.add(i);
            }
        }
        featureNames = names.toArray(String[]::new);
        inputOfFeature = owner.stream().mapToInt(Integer::intValue).toArray();
    }

    @JsonValue
    public List<InputFeature> inputs() {
        return inputs;
    }

    /**
     * The encoded feature names, e.g. {@code source=referral}, {@code pricing_page_views}, and
     * {@code campaign} for a target-encoded categorical.
     */
    @JsonIgnore
    public String[] featureNames() {
        return featureNames.clone();
    }

    @JsonIgnore
    public int featureCount() {
        return featureNames.length;
    }

    /** Index into {@link #inputs()} of the input column an encoded feature comes from. */
    public int inputOf(int feature) {
        return inputOfFeature[feature];
    }

    int firstFeatureOf(int input) {
        return firstFeatureOfInput[input];
    }

    /** The required input column names: those never missing in training. */
    @JsonIgnore
    public List<String> requiredInputs() {
        return inputs.stream().filter(InputFeature::required).map(InputFeature::name).toList();
    }

    /** Whether any input is target-encoded (then training rows are encoded out of fold). */
    @JsonIgnore
    public boolean targetEncoded() {
        return inputs.stream().anyMatch(in -> in.targetEncoding() != null);
    }

}
