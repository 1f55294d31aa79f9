package io.leadscore.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file with a header row into a {@link Table}. The delimiter is detected among
 * {@code ,} {@code ;} and tab from the header line; quoting follows RFC 4180. Column types are
 * decided by inspection ({@link ColumnTyper}).
 */
public final class CsvTableReader {
    private static final char[] DELIMITERS = {',', ';', '\t'};

    private CsvTableReader() {
    }

    public static Table read(Path path) {
        String file = path.toString();
        String header = firstLine(path);
        char delimiter = detectDelimiter(header);
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true).get();
        List<String[]> rows = new ArrayList<>();
        String[] names;
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, format)) {
            var it = parser.iterator();
            CSVRecord head = it.next();
            names = head.values();
            for (int i = 0; i < names.length; i++) {
                names[i] = names[i].strip();
                if (i == 0 && names[i].startsWith("\uFEFF")) {
                    names[i] = names[i].substring(1);
                }
                if (names[i].isEmpty()) {
                    throw DataException.atLine(file, 1, "#" + (i + 1), "empty column name in the header row");
                }
            }
            long row = 0;
            while (true) {
                CSVRecord rec;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    rec = it.next();
                } catch (RuntimeException e) {
                    throw DataException.atRow(file, row + 1, null, "cannot parse the CSV record: " + rootMessage(e));
                }
                row++;
                if (rec.size() == 1 && rec.get(0).isBlank()) {
                    continue; // blank line
                }
                if (rec.size() != names.length) {
                    String col = rec.size() < names.length ? names[rec.size()] : "(extra)";
                    throw DataException.atRow(file, row, col, "expected " + names.length + " fields separated by '"
                            + printable(delimiter) + "', found " + rec.size() + " (line " + rec.getParser().getCurrentLineNumber() + ")");
                }
                rows.add(rec.values());
            }
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new DataException(file, "no data rows after the header");
        }
        List<Column> columns = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            columns.add(ColumnTyper.type(names[i], rows, i));
        }
        return new Table(file, columns);
    }

    private static String firstLine(Path path) {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            if (line == null || line.isBlank()) {
                throw new DataException(path.toString(), "the file is empty (expected a header row)");
            }
            return line;
        } catch (IOException e) {
            throw new DataException(path.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** The candidate delimiter that occurs most often outside quotes in the header line. */
    public static char detectDelimiter(String header) {
        int[] counts = new int[DELIMITERS.length];
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                for (int d = 0; d < DELIMITERS.length; d++) {
                    if (c == DELIMITERS[d]) {
                        counts[d]++;
                    }
                }
            }
        }
        int best = 0;
        for (int d = 1; d < DELIMITERS.length; d++) {
            if (counts[d] > counts[best]) {
                best = d;
            }
        }
        return DELIMITERS[best];
    }

    private static String printable(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
