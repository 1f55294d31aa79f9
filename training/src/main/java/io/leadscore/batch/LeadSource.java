package io.leadscore.batch;

/**
 * The leads of an input file, in chunks, in file order. {@link #next()} is called on one thread;
 * each chunk's {@link Chunk#load()} may run on another, so that reading and decoding spread over
 * the cores while the chunks stay in order.
 */
public interface LeadSource extends AutoCloseable {
    /** One chunk of consecutive leads. */
    interface Chunk {
        /** The 1-based row number of its first lead (header not counted). */
        long firstRow();

        /** Its leads' values as {@link ScoreInputs} describes them. */
        Rows load();
    }

    /** A chunk whose leads {@code load} gives (already read, or read when called). */
    static Chunk chunk(long firstRow, java.util.function.Supplier<Rows> load) {
        return new Chunk() {
            @Override
            public long firstRow() {
                return firstRow;
            }

            @Override
            public Rows load() {
                return load.get();
            }
        };
    }

    /**
     * A chunk's leads as read.
     *
     * @param values each lead's values as {@link ScoreInputs} describes them
     * @param problems per lead, null or a row that could not be read at all: its field and message;
     *     the array itself is null when every row was read
     */
    record Rows(Object[][] values, String[][] problems) {
    }

    /** The file read, for messages. */
    String file();

    /** The number of rows, or -1 when not known before reading. */
    long rows();

    /** The next chunk, or null after the last. */
    Chunk next();

    @Override
    void close();
}
