package io.leadscore.model;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostOutputConverter;
import org.tribuo.common.xgboost.protos.XGBoostOutputConverterProto;
import org.tribuo.protos.ProtoSerializableClass;
import org.tribuo.protos.ProtoUtil;

/**
 * Turns the single output of an XGBoost booster trained with {@code binary:logistic} (the
 * probability of conversion) into Tribuo's two labels, {@code "1"} with that probability and
 * {@code "0"} with the rest. Lives in the serving module so that every saved model can be loaded
 * where it is served.
 */
@ProtoSerializableClass(version = BinaryLogisticConverter.CURRENT_VERSION)
public final class BinaryLogisticConverter implements XGBoostOutputConverter<Label> {
    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    /** Deserialization factory, called by Tribuo when it loads a model. */
    public static BinaryLogisticConverter deserializeFromProto(int version, String className, Any message) {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown version " + version + ", this class supports at most version " + CURRENT_VERSION);
        }
        if (message.getValue() != ByteString.EMPTY) {
            throw new IllegalArgumentException("Invalid proto");
        }
        return new BinaryLogisticConverter();
    }

    @Override
    public boolean generatesProbabilities() {
        return true;
    }

    @Override
    public Prediction<Label> convertOutput(ImmutableOutputInfo<Label> info, List<float[]> outputs, int numValidFeatures, Example<Label> example) {
        if (outputs.size() != 1 || outputs.get(0).length != 1) {
            throw new IllegalArgumentException("expected one booster with one output (binary:logistic)");
        }
        return prediction(outputs.get(0)[0], numValidFeatures, example);
    }

    @Override
    public List<Prediction<Label>> convertBatchOutput(ImmutableOutputInfo<Label> info, List<float[][]> outputs, int[] numValidFeatures, Example<Label>[] examples) {
        if (outputs.size() != 1) {
            throw new IllegalArgumentException("expected one booster (binary:logistic)");
        }
        float[][] p = outputs.get(0);
        List<Prediction<Label>> out = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) {
            out.add(prediction(p[i][0], numValidFeatures[i], examples[i]));
        }
        return out;
    }

    private static Prediction<Label> prediction(float positive, int numValidFeatures, Example<Label> example) {
        Label yes = new Label(ConversionModel.POSITIVE, positive);
        Label no = new Label(ConversionModel.NEGATIVE, 1.0 - positive);
        LinkedHashMap<String, Label> scores = new LinkedHashMap<>();
        scores.put(no.getLabel(), no);
        scores.put(yes.getLabel(), yes);
        return new Prediction<>(positive > 0.5 ? yes : no, scores, numValidFeatures, example, true);
    }

    @Override
    public XGBoostOutputConverterProto serialize() {
        return ProtoUtil.serialize(this);
    }

    @Override
    public Class<Label> getTypeWitness() {
        return Label.class;
    }
}
