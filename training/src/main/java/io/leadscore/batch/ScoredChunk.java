package io.leadscore.batch;

import io.leadscore.predict.Prediction;
import java.util.List;

/**
 * A chunk's results, in input order: the leads to write (id and answer), and the rejected rows.
 *
 * @param rows the input rows of the chunk
 * @param ids the ids of the leads to write
 * @param predictions their answers
 * @param rowNumbers the row numbers of the leads to write
 * @param kept how many of {@code ids}/{@code predictions}/{@code rowNumbers} are leads to write
 * @param rejects the rows the API would have answered 400, in row order
 */
public record ScoredChunk(int rows, String[] ids, Prediction[] predictions, long[] rowNumbers, int kept, List<Reject> rejects) {
    /**
     * A rejected row.
     *
     * @param row its 1-based row number (header not counted)
     * @param id its id as read, or null
     * @param errors each problem as {field, message}, in the API's order and words
     */
    public record Reject(long row, String id, List<String[]> errors) {
    }
}
