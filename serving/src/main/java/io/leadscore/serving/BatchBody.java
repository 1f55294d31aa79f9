package io.leadscore.serving;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a batch request, {@code {"leads": [ ... ]}}, split into one byte range per lead by a
 * single streaming pass that only skips over each lead, so that the leads themselves can be parsed
 * (and scored) in parallel. A body that is not such an object is a 400 naming where it broke.
 */
final class BatchBody {
    private static final String LEADS = "leads";
    private static final FieldError SHAPE = new FieldError("$." + LEADS, "expected {\"leads\": [ ...one object per lead... ]}");

    private final byte[] bytes;
    private final int[] starts;
    private final int[] ends;

    private BatchBody(byte[] bytes, int[] starts, int[] ends) {
        this.bytes = bytes;
        this.starts = starts;
        this.ends = ends;
    }

    /** Splits a batch body; malformed JSON or another shape is an {@link InvalidRequestException}. */
    static BatchBody split(byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidRequestException(List.of(new FieldError("$", "empty body: expected a JSON object")));
        }
        List<long[]> ranges = null;
        try (JsonParser p = HttpJson.JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                HttpJson.parse(bytes); // a malformed body gets its own message; a well-formed one the shape error
                throw new InvalidRequestException(List.of(SHAPE));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(LEADS) && value == JsonToken.START_ARRAY) {
                    ranges = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        long start = p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        ranges.add(new long[] {start, p.currentLocation().getByteOffset()});
                    }
                } else {
                    ranges = field.equals(LEADS) ? null : ranges;
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            HttpJson.parse(bytes); // throws the 400 naming line and column
            throw new InvalidRequestException(List.of(new FieldError("$", "malformed JSON")));
        } catch (IOException e) {
            throw new InvalidRequestException(List.of(new FieldError("$", "unreadable body")));
        }
        if (ranges == null) {
            throw new InvalidRequestException(List.of(SHAPE));
        }
        int[] starts = new int[ranges.size()];
        int[] ends = new int[ranges.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = (int) ranges.get(i)[0];
            ends[i] = (int) ranges.get(i)[1];
        }
        return new BatchBody(bytes, starts, ends);
    }

    /** The number of leads. */
    int size() {
        return starts.length;
    }

    /** Parses lead {@code i}; thread-safe, so leads may be parsed in parallel. */
    JsonNode lead(int i) {
        return HttpJson.parse(bytes, starts[i], ends[i] - starts[i]);
    }
}
