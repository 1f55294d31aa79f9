package io.leadscore.serving;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The body of a batch request, {@code {"leads": [ ... ]}}, split into one byte range per lead
 * without parsing the leads, so that they can be parsed (and scored) in parallel: a byte scan for the
 * plain shape, else one streaming pass of Jackson's parser that skips over each lead. Every lead is
 * then parsed on its own as exactly one JSON value. A body that is not such an object is a 400
 * naming where it broke.
 */
final class BatchBody {
    private static final String LEADS = "leads";
    private static final FieldError SHAPE = new FieldError("$." + LEADS, "expected {\"leads\": [ ...one object per lead... ]}");

    /** Bodies at least this large are split in two halves at once. */
    private static final int PARALLEL_SPLIT_BYTES = 64 * 1024;
    /** How far past the middle an element start is looked for. */
    private static final int GUESS_DISTANCE = 64 * 1024;

    /** Reads one lead: the whole slice must be one JSON value. */
    private static final ObjectReader SLICE = HttpJson.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
        BatchBody fast = splitPlain(bytes);
        return fast != null ? fast : splitAny(bytes);
    }

    /**
     * The fast path for the plain shape {@code {"leads": [...]}} (nothing else in the object): the
     * array's elements are delimited by a byte scan that only tracks nesting and strings, and every
     * element is later parsed — and so validated — on its own, with trailing tokens refused. Null
     * when the body has another shape or anything unexpected, for {@link #splitAny} to handle. A
     * large array is scanned in two halves at once: the second from a guessed element start near
     * the middle, which counts only when the scan of the first half arrives exactly there.
     */
    private static BatchBody splitPlain(byte[] bytes) {
        int open = arrayStart(bytes);
        if (open < 0) {
            return null;
        }
        Elements all = null;
        int guess = bytes.length - open >= PARALLEL_SPLIT_BYTES ? elementNear(bytes, open + (bytes.length - open) / 2) : -1;
        if (guess > 0) {
            ForkJoinTask<Elements> second = ForkJoinPool.commonPool().submit(() -> scan(bytes, guess, true, -1));
            Elements first = scan(bytes, open, false, guess);
            Elements rest = second.join();
            if (first != null && rest != null) {
                first.starts.addAll(rest.starts);
                first.ends.addAll(rest.ends);
                all = new Elements(first.starts, first.ends, rest.close);
            }
        }
        if (all == null) {
            all = scan(bytes, open, false, -1);
        }
        if (all == null) {
            return null;
        }
        int i = skipSpace(bytes, all.close + 1);
        if (i >= bytes.length || bytes[i] != '}' || skipSpace(bytes, i + 1) != bytes.length) {
            return null; // more fields, or something after the object
        }
        return new BatchBody(bytes, all.starts.toArray(), all.ends.toArray());
    }

    /** The index just after the {@code [} of a body that starts {@code {"leads": [}, or -1. */
    private static int arrayStart(byte[] bytes) {
        int i = skipSpace(bytes, 0);
        if (i >= bytes.length || bytes[i] != '{') {
            return -1;
        }
        i = skipSpace(bytes, i + 1);
        byte[] key = {'"', 'l', 'e', 'a', 'd', 's', '"'};
        if (bytes.length - i < key.length || !java.util.Arrays.equals(bytes, i, i + key.length, key, 0, key.length)) {
            return -1;
        }
        i = skipSpace(bytes, i + key.length);
        if (i >= bytes.length || bytes[i] != ':') {
            return -1;
        }
        i = skipSpace(bytes, i + 1);
        return i < bytes.length && bytes[i] == '[' ? i + 1 : -1;
    }

    /**
     * A likely element start at or after {@code from}: the {@code {} of the first
     * {@code }, {} (any spaces around the comma) within a short distance, else -1. Only a guess: the
     * bytes may be inside a string.
     */
    private static int elementNear(byte[] bytes, int from) {
        int limit = Math.min(bytes.length, from + GUESS_DISTANCE);
        for (int i = from; i < limit; i++) {
            if (bytes[i] == '}') {
                int j = skipSpace(bytes, i + 1);
                if (j < bytes.length && bytes[j] == ',') {
                    j = skipSpace(bytes, j + 1);
                    if (j < bytes.length && bytes[j] == '{') {
                        return j;
                    }
                }
            }
        }
        return -1;
    }

    /** The elements found by a {@link #scan}, and the index of the array's closing bracket (-1 when it stopped before). */
    private record Elements(IntList starts, IntList ends, int close) {
    }

    /**
     * Delimits the array's elements from {@code from}: just after the {@code [}, or the start of an
     * element after a comma ({@code afterComma}). Goes to the closing bracket, or, when
     * {@code stopAt >= 0}, stops before the element that starts exactly there. Null for anything
     * unexpected, including an element boundary that is not {@code stopAt}.
     */
    private static Elements scan(byte[] bytes, int from, boolean afterComma, int stopAt) {
        IntList starts = new IntList();
        IntList ends = new IntList();
        int depth = 0;
        int start = -1;
        int last = -1; // the last non-space byte of the current element
        int i;
        for (i = from; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '"') {
                if (depth == 0 && start < 0) {
                    if (stopAt >= 0 && i >= stopAt) {
                        return i == stopAt ? new Elements(starts, ends, -1) : null;
                    }
                    start = i;
                }
                i = endOfString(bytes, i);
                if (i < 0) {
                    return null;
                }
                last = i;
                continue;
            }
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            if (depth == 0 && (b == ',' || b == ']')) {
                if (start < 0) {
                    if (b == ']' && !afterComma && starts.size == 0) {
                        break; // []
                    }
                    return null; // [,  or  [1,]
                }
                starts.add(start);
                ends.add(last + 1);
                start = -1;
                afterComma = b == ',';
                if (b == ']') {
                    break;
                }
                continue;
            }
            if (depth == 0 && start < 0) {
                if (stopAt >= 0 && i >= stopAt) {
                    return i == stopAt ? new Elements(starts, ends, -1) : null; // arrived at the guess, or past it: not an element start
                }
                start = i;
            }
            if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                if (--depth < 0) {
                    return null;
                }
            }
            last = i;
        }
        if (i >= bytes.length || stopAt >= 0) {
            return null; // the array never closed, or closed before the guess
        }
        return new Elements(starts, ends, i);
    }

    /** The index of the quote closing the string that opens at {@code at}, or -1. */
    private static int endOfString(byte[] bytes, int at) {
        for (int i = at + 1; i < bytes.length; i++) {
            if (bytes[i] == '\\') {
                i++;
            } else if (bytes[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] bytes, int i) {
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** Any other shape: one streaming pass of Jackson's parser that skips over each lead. */
    private static BatchBody splitAny(byte[] bytes) {
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

    /** The whole body. */
    byte[] bytes() {
        return bytes;
    }

    /** Where lead {@code i} starts in {@link #bytes()}. */
    int start(int i) {
        return starts[i];
    }

    /** How many bytes lead {@code i} spans. */
    int length(int i) {
        return ends[i] - starts[i];
    }

    /**
     * Parses lead {@code i}; thread-safe, so leads may be parsed in parallel. A lead that is not one
     * well-formed JSON value is a 400 naming line and column in the whole body.
     */
    JsonNode lead(int i) {
        try {
            return SLICE.readTree(bytes, starts[i], ends[i] - starts[i]);
        } catch (IOException e) {
            HttpJson.parse(bytes); // throws the 400 naming line and column in the whole body
            throw new InvalidRequestException(List.of(new FieldError("$.leads[" + i + "]", "malformed JSON")));
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[64];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void addAll(IntList other) {
            for (int k = 0; k < other.size; k++) {
                add(other.values[k]);
            }
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
