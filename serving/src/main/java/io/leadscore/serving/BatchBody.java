package io.leadscore.serving;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The body of a batch request, {@code {"leads": [ ... ]}}. The common body — that object alone, its
 * leads flat objects the plain reader reads — is read and scored in pieces on all cores at once
 * ({@link #readPlain}). Any other body is split into one byte range per lead by one streaming pass
 * of Jackson's parser that skips over each lead ({@link #split}), and every lead is then parsed on
 * its own as exactly one JSON value. A body that is not such an object is a 400 naming where it
 * broke.
 */
final class BatchBody {
    private static final String LEADS = "leads";
    private static final FieldError SHAPE = new FieldError("$." + LEADS, "expected {\"leads\": [ ...one object per lead... ]}");

    /** About how many bytes of leads a piece of a plain body holds. */
    private static final int PIECE_BYTES = 16 * 1024;
    /** Most pieces a plain body is cut into. */
    private static final int MAX_PIECES = 32;
    /** How far past a piece's guessed start an element start is looked for. */
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

    /**
     * Reads and scores the leads of a plain body in pieces, in parallel when {@code parallel}: the
     * body is cut at guessed element starts (the {@code {} of a {@code }, {}), and each piece is read
     * lead by lead, every lead's end found by the parser that reads it, up to the next piece's
     * start. A piece counts only when the reading of the one before arrives exactly at its start,
     * which proves, from the array's start on, that it starts at an element; after a wrong guess the
     * rest is read on this thread instead.
     *
     * @param each scores one lead (thread-safe)
     * @return the results in the leads' order; null when the body is not plain, a lead is not one
     *     the plain reader reads, or there are more than {@code maxLeads} leads, for {@link #split}
     *     and the per-lead path to handle
     */
    static <T> List<T> readPlain(byte[] bytes, PlainLeadReader reader, boolean parallel, int maxLeads, Function<LeadRequest, T> each) {
        int open = arrayStart(bytes);
        if (open < 0) {
            return null;
        }
        int first = skipSpace(bytes, open);
        if (first < bytes.length && bytes[first] == ']') {
            return closes(bytes, first) ? List.of() : null;
        }
        int[] starts = pieceStarts(bytes, first, parallel ? Math.min(MAX_PIECES, Math.max(1, (bytes.length - first) / PIECE_BYTES)) : 1);
        List<Piece<T>> pieces = new ArrayList<>(Collections.nCopies(starts.length, null));
        AtomicInteger leads = new AtomicInteger();
        SharedWork.forEach(starts.length, 1, starts.length > 1, k -> pieces.set(k,
                readPiece(bytes, starts[k], k + 1 < starts.length ? starts[k + 1] : -1, reader, leads, maxLeads, each)));
        List<T> all = new ArrayList<>(leads.get());
        int k = 0;
        for (Piece<T> piece = pieces.get(0); piece != null; ) {
            all.addAll(piece.results());
            if (piece.stop() == Piece.END) {
                return all.size() <= maxLeads ? all : null;
            }
            // the piece arrived at the next one's start, or (a wrong guess) somewhere else: read on from there
            piece = ++k < starts.length && starts[k] == piece.stop() ? pieces.get(k)
                    : readPiece(bytes, piece.stop(), -1, reader, leads, maxLeads, each);
        }
        return null;
    }

    /**
     * The results of a piece's leads, and where it stopped: at the first element start at or past
     * the next piece's start, or at the array's end ({@link #END}).
     */
    private record Piece<T>(List<T> results, int stop) {
        static final int END = -1;
    }

    /** Where the pieces start: the first element, then the element starts found near equal steps after it. */
    private static int[] pieceStarts(byte[] bytes, int first, int pieces) {
        IntStream.Builder starts = IntStream.builder().add(first);
        int last = first;
        for (int k = 1; k < pieces; k++) {
            int guess = elementNear(bytes, first + (int) ((long) (bytes.length - first) * k / pieces));
            if (guess > last) {
                starts.add(guess);
                last = guess;
            }
        }
        return starts.build().toArray();
    }

    /**
     * Reads and scores the leads from {@code start} up to the first element that starts at or past
     * {@code next} (-1: to the array's end). Null for anything unexpected: a lead the reader
     * declines, a separator other than a comma, the array's end before {@code next}, far too many
     * leads read in all.
     */
    private static <T> Piece<T> readPiece(byte[] bytes, int start, int next, PlainLeadReader reader, AtomicInteger leads, int maxLeads,
                                          Function<LeadRequest, T> each) {
        List<T> out = new ArrayList<>();
        int at = start;
        try {
            while (true) {
                PlainLeadReader.Found lead = at < bytes.length && bytes[at] == '{' ? reader.readFirst(bytes, at, bytes.length - at) : null;
                // pieces started by wrong guesses may read leads twice: the exact count is the caller's
                if (lead == null || leads.incrementAndGet() > 2 * maxLeads) {
                    return null;
                }
                out.add(each.apply(lead.lead()));
                int i = skipSpace(bytes, lead.end());
                if (i < bytes.length && bytes[i] == ',') {
                    at = skipSpace(bytes, i + 1);
                    if (next >= 0 && at >= next) {
                        return new Piece<>(out, at);
                    }
                } else {
                    return next < 0 && i < bytes.length && bytes[i] == ']' && closes(bytes, i) ? new Piece<>(out, Piece.END) : null;
                }
            }
        } catch (RuntimeException e) {
            return null; // a piece started by a wrong guess may read anything; the per-lead path has the last word
        }
    }

    /** Whether the array closing at {@code close} is followed by the object's closing brace and nothing else. */
    private static boolean closes(byte[] bytes, int close) {
        int i = skipSpace(bytes, close + 1);
        return i < bytes.length && bytes[i] == '}' && skipSpace(bytes, i + 1) == bytes.length;
    }

    /** Splits a batch body into its leads; malformed JSON or another shape is an {@link InvalidRequestException}. */
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

    private static int skipSpace(byte[] bytes, int i) {
        while (i < bytes.length && LeadBytes.isSpace(bytes[i])) {
            i++;
        }
        return i;
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
}
