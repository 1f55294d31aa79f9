package io.leadscore.batch;

import io.leadscore.data.DataException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes the rejected rows to {@code OUT.rejects.csv}, one line per error: {@code row} (1-based,
 * header not counted), the id, {@code field} and {@code message} (the API's words). Written beside
 * the output and moved into place with it; with no rejects, no file (an earlier run's is removed).
 */
public final class RejectsWriter implements AutoCloseable {
    private final Path path;
    private TempTarget target;
    private CSVPrinter csv;
    private final String idColumn;
    private long rows;

    /** Rejects of the output {@code out}. */
    public RejectsWriter(Path out, String idColumn) {
        this.path = out.resolveSibling(out.getFileName() + ".rejects.csv");
        this.idColumn = idColumn;
    }

    public Path path() {
        return path;
    }

    /** Writes one rejected row, a line per error. */
    public void write(ScoredChunk.Reject r) {
        try {
            if (csv == null) {
                target = new TempTarget(path);
                BufferedWriter w = Files.newBufferedWriter(target.temp(), StandardCharsets.UTF_8);
                csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
                csv.printRecord("row", idColumn, "field", "message");
            }
            for (String[] e : r.errors()) {
                csv.printRecord(r.row(), r.id(), e[0], e[1]);
            }
            rows++;
        } catch (IOException e) {
            throw new DataException(path.toString(), "cannot write: " + e.getMessage());
        }
    }

    /** The number of rejected rows written. */
    public long rows() {
        return rows;
    }

    /** Moves the rejects into place, or removes an earlier run's when there are none. */
    public void commit() {
        if (csv == null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new DataException(path.toString(), "cannot write: " + e.getMessage());
            }
            return;
        }
        target.commit(csv);
    }

    @Override
    public void close() {
        if (target != null) {
            target.discard(csv);
        }
    }
}
