package io.leadscore.batch;

import io.leadscore.data.DataException;
import io.leadscore.data.ParquetTableReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Leads from a Parquet file, or a directory of part files (read in name order), in chunks of at
 * most {@link #SLICE} rows: each row group is read once (only the columns scoring needs) and decoded
 * slice by slice straight from the column readers (no record objects), so memory holds one row
 * group's compressed pages and a few decoded slices whatever the file's size or its row groups'.
 * The schema is checked when opened: a missing id column, a missing required input or an input
 * column of a type the model cannot read is a {@link DataException} naming the file and column.
 */
public final class ParquetLeads implements LeadSource {
    /** Rows per chunk. */
    static final int SLICE = 32_768;

    /** One row group: its file and footer, its index, and the row number of its first row. */
    private record Group(Path file, ParquetMetadata footer, MessageType projection, ParquetColumns columns, int index, long firstRow) {
    }

    private final String file;
    private final ScoreInputs inputs;
    private final Iterator<Group> groups;
    private final long rows;
    /** The open file, the row group being decoded, its column readers and the rows left in it. */
    private ParquetFileReader reader;
    private Group group;
    private ColumnReader[] readers;
    private long left;
    private long nextRow;

    private ParquetLeads(Path path, ScoreInputs inputs) {
        this.file = path.toString();
        this.inputs = inputs;
        List<Group> all = new ArrayList<>();
        long row = 1;
        for (Path part : parts(path)) {
            ParquetMetadata footer = footer(part);
            ParquetColumns columns = ParquetColumns.of(part.toString(), footer.getFileMetaData().getSchema(), inputs);
            MessageType projection = columns.projection();
            for (int g = 0; g < footer.getBlocks().size(); g++) {
                all.add(new Group(part, footer, projection, columns, g, row));
                row += footer.getBlocks().get(g).getRowCount();
            }
        }
        this.rows = row - 1;
        this.groups = all.iterator();
    }
    /** Opens and checks a Parquet file or directory. */
    public static ParquetLeads open(Path path, ScoreInputs inputs) {
        return new ParquetLeads(path, inputs);
    }

    /** The data files of a Parquet file or directory (hidden and {@code _}-prefixed files skipped), in name order. */
    public static List<Path> parts(Path path) {
        return Files.isDirectory(path) ? ParquetTableReader.parts(path) : List.of(path);
    }

    /** Checks a Parquet schema against what scoring reads (the Spark engine's check on its driver). */
    public static void check(String file, MessageType schema, ScoreInputs inputs) {
        ParquetColumns.of(file, schema, inputs);
    }

    static ParquetMetadata footer(Path part) {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(part))) {
            return r.getFooter();
        } catch (IOException | RuntimeException e) {
            throw new DataException(part.toString(), "not a readable Parquet file: " + e.getMessage());
        }
    }

    @Override
    public String file() {
        return file;
    }

    @Override
    public long rows() {
        return rows;
    }

    /** Decodes the next slice here, on the reading thread, in order; scoring it is the worker's. */
    @Override
    public Chunk next() {
        while (left == 0) {
            if (!groups.hasNext()) {
                return null;
            }
            open(groups.next());
        }
        int n = (int) Math.min(SLICE, left);
        Object[][] values = new Object[n][inputs.width()];
        try {
            for (int slot = 0; slot < readers.length; slot++) {
                if (readers[slot] != null) {
                    group.columns().decode(slot, readers[slot], group.columns().descriptor(slot).getMaxDefinitionLevel(), values);
                }
            }
        } catch (RuntimeException e) {
            throw new DataException(group.file().toString(), "row group " + group.index() + " is not readable: " + e.getMessage());
        }
        left -= n;
        long first = nextRow;
        nextRow += n;
        Rows rows = new Rows(values, null);
        return LeadSource.chunk(first, () -> rows);
    }

    private void open(Group g) {
        try {
            if (group == null || !group.file().equals(g.file())) {
                close();
                reader = ParquetFileReader.open(new LocalInputFile(g.file()), g.footer(), org.apache.parquet.ParquetReadOptions.builder().build(),
                        new LocalInputFile(g.file()).newStream());
                reader.setRequestedSchema(g.projection());
            }
            group = g;
            PageReadStore pages = reader.readRowGroup(g.index());
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new DummyRecordConverter(g.projection()).getRootConverter(),
                    g.projection(), g.footer().getFileMetaData().getCreatedBy());
            readers = new ColumnReader[inputs.width()];
            for (int slot = 0; slot < readers.length; slot++) {
                ColumnDescriptor d = g.columns().descriptor(slot);
                readers[slot] = d == null ? null : store.getColumnReader(d);
            }
            left = pages.getRowCount();
            nextRow = g.firstRow();
        } catch (IOException | RuntimeException e) {
            throw new DataException(g.file().toString(), "row group " + g.index() + " is not readable: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only
            }
            reader = null;
        }
    }
}
