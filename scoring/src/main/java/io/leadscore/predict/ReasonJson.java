package io.leadscore.predict;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.leadscore.model.Reason;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A reason as the API writes it, {@code {"feature", "value", "contribution", "direction",
 * "description"}}: the value as received, the contribution rounded to 6 decimals (written without
 * exponent, as 0.000123), the direction {@code raises} or {@code lowers} by its sign. The batch
 * command writes the same values (its CSV as this JSON, its Parquet through {@link #rounded} and
 * {@link #valueText}). Names, descriptions and keys are written as Jackson {@link SerializedString}s,
 * encoded once.
 */
public final class ReasonJson extends StdSerializer<Reason> {
    private static final SerializedString FEATURE = new SerializedString("feature");
    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString CONTRIBUTION = new SerializedString("contribution");
    private static final SerializedString DIRECTION = new SerializedString("direction");
    private static final SerializedString DESCRIPTION = new SerializedString("description");
    private static final SerializedString RAISES = new SerializedString("raises");
    private static final SerializedString LOWERS = new SerializedString("lowers");
    /** Most names and descriptions kept encoded: those of the models served since start, far fewer. */
    private static final int KEPT = 4096;
    /** Feature names and descriptions, the same few strings in every answer, quoted and encoded once. */
    private static final Map<String, SerializedString> ENCODED = new ConcurrentHashMap<>();

    public ReasonJson() {
        super(Reason.class);
    }

    private static void writeText(JsonGenerator g, String text) throws IOException {
        if (text == null) {
            g.writeNull();
            return;
        }
        SerializedString encoded = ENCODED.get(text);
        if (encoded == null && ENCODED.size() < KEPT && text.chars().noneMatch(c -> Character.isSurrogate((char) c))) {
            // (an unpaired surrogate, which the parser accepts from "\ud800", is written by the generator's own path)
            encoded = ENCODED.computeIfAbsent(text, SerializedString::new);
        }
        if (encoded != null) {
            g.writeString(encoded);
        } else {
            g.writeString(text);
        }
    }

    @Override
    public void serialize(Reason r, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        g.writeFieldName(FEATURE);
        writeText(g, r.feature());
        g.writeFieldName(VALUE);
        if (r.value() instanceof Double d) {
            g.writeNumber(d);
        } else if (r.value() instanceof String text) {
            g.writeString(text);
        } else {
            provider.defaultSerializeValue(r.value(), g); // null, a boolean, any other value
        }
        g.writeFieldName(CONTRIBUTION);
        writeContribution(r.contribution(), g);
        g.writeFieldName(DIRECTION);
        g.writeString(r.contribution() >= 0 ? RAISES : LOWERS);
        g.writeFieldName(DESCRIPTION);
        writeText(g, r.description());
        g.writeEndObject();
    }

    /** {@code raises} or {@code lowers}, by the contribution's sign. */
    public static String direction(double contribution) {
        return contribution >= 0 ? "raises" : "lowers";
    }

    /** The contribution as the API's JSON gives it: rounded to 6 decimals (huge values exactly). */
    public static double rounded(double v) {
        if (!(Math.abs(v) < 1e12)) {
            return v;
        }
        double r = Math.round(Math.abs(v) * 1e6) / 1e6;
        return v < 0 && r != 0 ? -r : r;
    }

    /** A reason's value as text, as a JSON reader's {@code asText()} gives the API's value: null stays null. */
    public static String valueText(Object value) {
        return value == null ? null : value.toString();
    }

    /** {@code v} rounded to 6 decimals, at least one written (1.5, -0.000123, 2.0, 0.0); huge values exactly. */
    public static void writeContribution(double v, JsonGenerator g) throws IOException {
        if (!(Math.abs(v) < 1e12)) {
            g.writeNumber(v);
            return;
        }
        long micros = Math.round(Math.abs(v) * 1e6);
        long fraction = micros % 1_000_000;
        int digits = 6;
        while (digits > 1 && fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        String f = Long.toString(fraction);
        StringBuilder text = new StringBuilder(24).append(v < 0 && micros != 0 ? "-" : "").append(micros / 1_000_000).append('.');
        for (int k = f.length(); k < digits; k++) {
            text.append('0');
        }
        g.writeNumber(text.append(f).toString());
    }
}
