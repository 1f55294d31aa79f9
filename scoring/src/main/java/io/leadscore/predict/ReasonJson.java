package io.leadscore.predict;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.leadscore.model.Reason;
import java.io.IOException;

/**
 * A reason as the API writes it, {@code {"feature", "value", "contribution", "direction",
 * "description"}}: the value as received, the contribution rounded to 6 decimals (written without
 * exponent, as 0.000123), the direction {@code raises} or {@code lowers} by its sign. The batch
 * command writes the same values (its CSV as this JSON, its Parquet through {@link #rounded} and
 * {@link #valueText}).
 */
public final class ReasonJson extends StdSerializer<Reason> {
    public ReasonJson() {
        super(Reason.class);
    }

    @Override
    public void serialize(Reason r, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        g.writeStringField("feature", r.feature());
        g.writeFieldName("value");
        if (r.value() instanceof Double d) {
            g.writeNumber(d);
        } else if (r.value() instanceof String text) {
            g.writeString(text);
        } else {
            provider.defaultSerializeValue(r.value(), g); // null, a boolean, any other value
        }
        g.writeFieldName("contribution");
        writeContribution(r.contribution(), g);
        g.writeStringField("direction", direction(r.contribution()));
        g.writeStringField("description", r.description());
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
