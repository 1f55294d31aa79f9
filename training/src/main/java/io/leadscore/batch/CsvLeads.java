package io.leadscore.batch;

import io.leadscore.data.ColumnType;
import io.leadscore.data.CsvTableReader;
import io.leadscore.data.DataException;
import io.leadscore.data.ValueParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Leads from a CSV file (header row; delimiter detected as for training data), streamed in chunks of
 * {@link #CHUNK} records: the records are split on the reading thread, their cells turned into
 * values on the worker that loads the chunk. A cell becomes what its field accepts when it can
 * (a number, true/false), else stays text, so that the API's check names the mistake in the API's
 * words ("expected a number, got a string"); a record with the wrong number of fields is a rejected
 * row; blank lines are skipped (rows are numbered among the records). A missing id column or required input column is a {@link DataException}.
 */
public final class CsvLeads implements LeadSource {
    /** Records per chunk. */
    static final int CHUNK = 32_768;

    private final String file;
    private final ScoreInputs inputs;
    private final BufferedReader in;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int[] columnOf;
    private final int fieldCount;
    private final char delimiter;
    private long row;

    private CsvLeads(Path path, ScoreInputs inputs) throws IOException {
        this.file = path.toString();
        this.inputs = inputs;
        String header;
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            header = r.readLine();
        }
        if (header == null || header.isBlank()) {
            throw new DataException(file, "the file is empty (expected a header row)");
        }
        this.delimiter = CsvTableReader.detectDelimiter(header);
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true).get();
        this.in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        this.parser = CSVParser.parse(in, format);
        this.records = parser.iterator();
        String[] names = records.next().values();
        for (int i = 0; i < names.length; i++) {
            names[i] = names[i].strip();
            if (i == 0 && names[i].startsWith("\uFEFF")) {
                names[i] = names[i].substring(1);
            }
        }
        this.fieldCount = names.length;
        List<String> header0 = Arrays.asList(names);
        this.columnOf = new int[inputs.width()];
        for (int slot = 0; slot < inputs.width(); slot++) {
            boolean id = slot == inputs.idSlot();
            String name = id ? inputs.idColumn() : inputs.names().get(slot);
            columnOf[slot] = header0.indexOf(name);
            if (columnOf[slot] < 0 && id) {
                throw new DataException(file, null, name, "no such id column (set --id-column); the file has: " + String.join(", ", names));
            }
            String why = columnOf[slot] < 0 && !id ? inputs.whyNeeded(slot) : null;
            if (why != null) {
                throw new DataException(file, null, name, why);
            }
        }
    }

    /** Opens a CSV file and checks its header. */
    public static CsvLeads open(Path path, ScoreInputs inputs) {
        try {
            return new CsvLeads(path, inputs);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException de) {
                throw de;
            }
            throw new DataException(path.toString(), "cannot read: " + e.getMessage());
        }
    }

    @Override
    public String file() {
        return file;
    }

    @Override
    public long rows() {
        return -1;
    }

    @Override
    public Chunk next() {
        String[][] cells = new String[CHUNK][];
        int n = 0;
        long first = row + 1;
        try {
            while (n < CHUNK && records.hasNext()) {
                String[] r = records.next().values();
                if (r.length == 1 && r[0].isBlank()) {
                    continue; // a blank line is no record
                }
                row++;
                cells[n++] = r;
            }
        } catch (RuntimeException e) {
            throw DataException.atRow(file, row + 1, null, "cannot parse the CSV record: " + e.getMessage());
        }
        if (n == 0) {
            return null;
        }
        String[][] chunk = n == CHUNK ? cells : Arrays.copyOf(cells, n);
        return LeadSource.chunk(first, () -> convert(chunk));
    }

    private Rows convert(String[][] cells) {
        Object[][] values = new Object[cells.length][];
        String[][] problems = null;
        for (int i = 0; i < cells.length; i++) {
            String[] rec = cells[i];
            Object[] v = new Object[inputs.width()];
            values[i] = v;
            if (rec.length != fieldCount) {
                problems = problems == null ? new String[cells.length][] : problems;
                problems[i] = new String[] {"(record)", "expected " + fieldCount + " fields separated by '"
                        + (delimiter == '\t' ? "\\t" : String.valueOf(delimiter)) + "', found " + rec.length};
                int id = columnOf[inputs.idSlot()];
                v[inputs.idSlot()] = id < rec.length ? cell(rec[id], null, true) : null;
                continue;
            }
            for (int slot = 0; slot < v.length; slot++) {
                int c = columnOf[slot];
                if (c >= 0) {
                    boolean id = slot == inputs.idSlot();
                    v[slot] = cell(rec[c], id ? null : inputs.typeAt(slot), id);
                }
            }
        }
        return new Rows(values, problems);
    }

    /**
     * A cell as the value a JSON request would carry: missing cells null; for a categorical input or
     * the id the text; otherwise a number or true/false when the cell is one (in the order the field's
     * type prefers), else the text, which the check then names as the wrong kind.
     */
    static Object cell(String cell, ColumnType type, boolean id) {
        if (ValueParser.isMissing(cell)) {
            return null;
        }
        String s = cell.trim();
        if (id || type == ColumnType.CATEGORICAL || type == ColumnType.TIMESTAMP) {
            return s;
        }
        if (type == ColumnType.BOOLEAN) {
            Boolean b = ValueParser.parseBoolean(s);
            if (b != null) {
                return b;
            }
        }
        Double d = ValueParser.parseNumber(s);
        if (d != null) {
            return d;
        }
        Boolean b = ValueParser.parseBoolean(s);
        return b != null ? b : s;
    }

    @Override
    public void close() {
        try {
            parser.close();
            in.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
