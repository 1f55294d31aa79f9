package io.leadscore.serving.lifecycle;

import io.leadscore.data.ColumnType;
import io.leadscore.features.InputFeature;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.Score;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a newly loaded model may replace the one serving: it must score a canary set of
 * leads (every level of every category, typical and extreme numbers, missing values) with finite
 * probabilities whose reasons add up, and it must not require a field, or a type, that requests
 * for the current model do not carry.
 */
public final class ModelValidator {
    private ModelValidator() {
    }

    /** Why {@code candidate} may not replace {@code current} (null when there is none), or null when it may. */
    public static String refusal(ConversionModel candidate, ConversionModel current) {
        if (current != null) {
            Map<String, InputFeature> now = new HashMap<>();
            current.encoding().inputs().forEach(i -> now.put(i.name(), i));
            for (InputFeature in : candidate.encoding().inputs()) {
                InputFeature old = now.get(in.name());
                if (in.required() && old == null) {
                    return "incompatible schema: the new model requires field '" + in.name() + "', which requests for the current model need not carry";
                }
                if (old != null && old.type() != in.type()) {
                    return "incompatible schema: field '" + in.name() + "' was " + old.type().name().toLowerCase() + ", the new model reads "
                            + in.type().name().toLowerCase();
                }
            }
        }
        for (Map<String, Object> lead : canary(candidate)) {
            Score s;
            try {
                s = candidate.score(lead::get, Integer.MAX_VALUE);
            } catch (RuntimeException e) {
                return "the canary set could not be scored: " + e.getMessage();
            }
            if (!(s.probability() >= 0 && s.probability() <= 1) || !Double.isFinite(s.logOdds())) {
                return "the canary set got a probability of " + s.probability();
            }
            double sum = s.baseLogOdds();
            for (var r : s.reasons()) {
                sum += r.contribution();
            }
            if (Math.abs(sum - s.logOdds()) > 1e-6 * Math.max(1, Math.abs(s.logOdds()))) {
                return "the canary set's reasons do not add up to its log-odds";
            }
        }
        return null;
    }

    /** Canary leads built from the model's own encoding. */
    static List<Map<String, Object>> canary(ConversionModel m) {
        List<InputFeature> inputs = m.encoding().inputs();
        Map<String, Object> typical = new HashMap<>();
        for (InputFeature in : inputs) {
            typical.put(in.name(), typical(in));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(typical);
        out.add(Map.of());
        for (InputFeature in : inputs) {
            if (in.type() == ColumnType.CATEGORICAL) {
                for (String level : in.knownLevels()) {
                    Map<String, Object> l = new HashMap<>(typical);
                    l.put(in.name(), level);
                    out.add(l);
                }
            } else if (in.type() == ColumnType.NUMERIC) {
                for (double v : new double[] {0, 1e6}) {
                    Map<String, Object> l = new HashMap<>(typical);
                    l.put(in.name(), v);
                    out.add(l);
                }
            }
        }
        return out;
    }

    private static Object typical(InputFeature in) {
        return switch (in.type()) {
            case NUMERIC -> "log1p".equals(in.transform()) ? Math.expm1(in.mean()) : in.mean();
            case BOOLEAN -> Boolean.FALSE;
            case CATEGORICAL -> in.knownLevels().isEmpty() ? InputFeature.UNKNOWN : in.knownLevels().get(0);
            case TIMESTAMP -> null;
        };
    }
}
