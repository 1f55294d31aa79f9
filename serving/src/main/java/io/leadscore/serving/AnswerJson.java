package io.leadscore.serving;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.leadscore.model.Reason;
import io.leadscore.rules.Tier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a {@link PredictionAnswer} as JSON bytes, the hot path of batch scoring (a thousand answers
 * of about 1 KB per request): the keys and the constant parts between values are encoded once, each
 * feature name and description once per process, and the rest is put straight into a byte array —
 * no generator or serializer lookup per answer. Strings other than plain printable ASCII are written
 * by the mapper itself and numbers are formatted by Jackson's {@link NumberOutput}, so the JSON is
 * what Jackson would write, except contributions, which are rounded to 6 decimals.
 */
final class AnswerJson {
    /** Most feature names and descriptions kept encoded. */
    private static final int MAX_CACHED = 10_000;
    private static final Map<String, byte[]> QUOTED = new ConcurrentHashMap<>();

    private static final byte[] LEAD_ID = ascii("{\"lead_id\":");
    private static final byte[] PROBABILITY = ascii(",\"probability\":");
    private static final byte[] SCORE = ascii(",\"score\":");
    private static final byte[] TIER = ascii(",\"tier\":");
    private static final byte[] RULE_SCORE = ascii(",\"rule_score\":");
    private static final byte[] RULE_TIER = ascii(",\"rule_tier\":");
    private static final byte[] REASONS = ascii(",\"reasons\":[");
    private static final byte[] FEATURE = ascii("{\"feature\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] CONTRIBUTION = ascii(",\"contribution\":");
    private static final byte[] RAISES = ascii(",\"direction\":\"raises\",\"description\":");
    private static final byte[] LOWERS = ascii(",\"direction\":\"lowers\",\"description\":");
    private static final byte[] MODEL_NAME = ascii("],\"model_name\":");
    private static final byte[] MODEL_VERSION = ascii(",\"model_version\":");
    private static final byte[] WARNINGS = ascii(",\"warnings\":[");
    private static final byte[] FEATURES_FROM = ascii("],\"features_from\":");
    private static final byte[] FEATURES_AS_OF = ascii(",\"features_as_of\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    /** The tiers' labels, quoted, by ordinal. */
    private static final byte[][] TIERS = Arrays.stream(Tier.values()).map(t -> ascii("\"" + t.label() + "\"")).toArray(byte[][]::new);

    /** Each thread's writer, whose buffer is reused from answer to answer. */
    private static final ThreadLocal<AnswerJson> WRITERS = ThreadLocal.withInitial(AnswerJson::new);
    private static final int BUFFER = 2048;
    /** A buffer grown past this by an outsized answer is not kept for the next. */
    private static final int MAX_KEPT = 64 * 1024;

    private byte[] out = new byte[BUFFER];
    private int size;

    private AnswerJson() {
    }

    /** The answer as JSON bytes. */
    static byte[] bytes(PredictionAnswer a) {
        AnswerJson w = WRITERS.get();
        w.size = 0;
        w.write(a);
        byte[] json = Arrays.copyOf(w.out, w.size);
        if (w.out.length > MAX_KEPT) {
            w.out = new byte[BUFFER];
        }
        return json;
    }

    private void write(PredictionAnswer a) {
        put(LEAD_ID);
        string(a.leadId());
        put(PROBABILITY);
        number(a.probability());
        put(SCORE);
        room(11);
        size = NumberOutput.outputInt(a.score(), out, size);
        put(TIER);
        tier(a.tier());
        put(RULE_SCORE);
        if (a.ruleScore() == null) {
            put(NULL);
        } else {
            room(11);
            size = NumberOutput.outputInt(a.ruleScore(), out, size);
        }
        put(RULE_TIER);
        tier(a.ruleTier());
        put(REASONS);
        List<Reason> reasons = a.reasons();
        for (int i = 0; i < reasons.size(); i++) {
            Reason r = reasons.get(i);
            if (i > 0) {
                put((byte) ',');
            }
            put(FEATURE);
            put(quoted(r.feature()));
            put(VALUE);
            value(r.value());
            put(CONTRIBUTION);
            fixed(r.contribution());
            put(r.contribution() >= 0 ? RAISES : LOWERS);
            put(quoted(r.description()));
            put((byte) '}');
        }
        put(MODEL_NAME);
        string(a.modelName());
        put(MODEL_VERSION);
        string(a.modelVersion());
        put(WARNINGS);
        List<String> warnings = a.warnings();
        for (int i = 0; i < warnings.size(); i++) {
            if (i > 0) {
                put((byte) ',');
            }
            string(warnings.get(i));
        }
        if (a.featuresFrom() != null) {
            put(FEATURES_FROM);
            string(a.featuresFrom());
            put(FEATURES_AS_OF);
            string(a.featuresAsOf());
            put((byte) '}');
        } else {
            put((byte) ']');
            put((byte) '}');
        }
    }

    /** A reason's value as received: a number, a string, a boolean or null. */
    private void value(Object v) {
        if (v == null) {
            put(NULL);
        } else if (v instanceof Double d) {
            number(d);
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Boolean b) {
            put(b ? TRUE : FALSE);
        } else {
            put(HttpJson.bytes(v)); // any other value, as Jackson writes it
        }
    }

    private void tier(Tier t) {
        put(t == null ? NULL : TIERS[t.ordinal()]);
    }

    /**
     * A double as Jackson writes it (the shortest text that reads back as the same double; NaN and
     * the infinities as strings); whole numbers below 10^7, the common case of counts, without
     * formatting.
     */
    private void number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7 && !(v == 0 && Double.doubleToRawLongBits(v) != 0)) {
            room(12);
            size = NumberOutput.outputInt((int) v, out, size);
            out[size++] = '.';
            out[size++] = '0';
        } else if (Double.isFinite(v)) {
            asciiText(NumberOutput.toString(v, true));
        } else {
            string(NumberOutput.toString(v, true));
        }
    }

    /** {@code v} rounded to 6 decimals, without trailing zeros (as 1.5, -0.000123, 2.0); huge values exactly. */
    private void fixed(double v) {
        if (!(Math.abs(v) < 1e12)) {
            number(v);
            return;
        }
        long m = Math.round(Math.abs(v) * 1e6);
        long frac = m % 1_000_000;
        long whole = m / 1_000_000;
        int digits = 6;
        while (digits > 1 && frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        room(24);
        if (v < 0 && m != 0) {
            out[size++] = '-';
        }
        size = NumberOutput.outputLong(whole, out, size);
        out[size++] = '.';
        for (int k = digits - 1; k >= 0; k--) {
            out[size + k] = (byte) ('0' + frac % 10);
            frac /= 10;
        }
        size += digits;
    }

    /** A string value: plain printable ASCII as is, anything else escaped by Jackson; null as null. */
    private void string(String s) {
        if (s == null) {
            put(NULL);
            return;
        }
        int n = s.length();
        room(n + 2);
        int at = size;
        out[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                put(quote(s));
                return;
            }
            out[at++] = (byte) c;
        }
        out[at++] = '"';
        size = at;
    }

    /** Text known to be ASCII (a formatted number). */
    private void asciiText(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            out[size++] = (byte) s.charAt(i);
        }
    }

    /** A feature name or description, quoted and encoded once per process. */
    private static byte[] quoted(String s) {
        if (s == null) {
            return NULL;
        }
        byte[] q = QUOTED.get(s);
        if (q == null) {
            q = quote(s);
            if (QUOTED.size() < MAX_CACHED) {
                QUOTED.put(s, q);
            }
        }
        return q;
    }

    /** {@code s} as a JSON string, quotes included, exactly as the mapper writes it. */
    private static byte[] quote(String s) {
        return HttpJson.bytes(s);
    }

    private void put(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, out, size, b.length);
        size += b.length;
    }

    private void put(byte b) {
        room(1);
        out[size++] = b;
    }

    private void room(int n) {
        if (size + n > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + n));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
