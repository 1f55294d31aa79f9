package io.leadscore.batch;

import io.leadscore.data.DataException;
import io.leadscore.rules.Tier;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** Streams the id, score and tier columns of a previous output into {@link PreviousScores}. */
final class PreviousReader {
    private PreviousReader() {
    }

    static void csv(Path file, String idColumn, PreviousScores into) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(in, format)) {
            for (String column : new String[] {idColumn, OutputColumns.SCORE, OutputColumns.TIER}) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new DataException(file.toString(), null, column, "no such column: not an output of leadscore score with this --id-column");
                }
            }
            for (CSVRecord r : parser) {
                String id = r.get(idColumn);
                into.put(id.isEmpty() ? null : id, Integer.parseInt(r.get(OutputColumns.SCORE)), tier(file.toString(), r.get(OutputColumns.TIER)));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException de) {
                throw de;
            }
            throw new DataException(file.toString(), "cannot read the previous output: " + e.getMessage());
        }
    }

    static void parquet(Path path, String idColumn, PreviousScores into) {
        for (Path part : ParquetLeads.parts(path)) {
            String file = part.toString();
            try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(part))) {
                MessageType schema = r.getFooter().getFileMetaData().getSchema();
                MessageType projection = new MessageType(schema.getName(),
                        field(file, schema, idColumn), field(file, schema, OutputColumns.SCORE), field(file, schema, OutputColumns.TIER));
                r.setRequestedSchema(projection);
                for (PageReadStore pages = r.readNextRowGroup(); pages != null; pages = r.readNextRowGroup()) {
                    ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new DummyRecordConverter(projection).getRootConverter(),
                            projection, r.getFooter().getFileMetaData().getCreatedBy());
                    ColumnDescriptor[] d = projection.getColumns().toArray(new ColumnDescriptor[0]);
                    ColumnReader id = store.getColumnReader(d[0]);
                    ColumnReader score = store.getColumnReader(d[1]);
                    ColumnReader tier = store.getColumnReader(d[2]);
                    boolean textId = d[0].getPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY;
                    for (long k = 0; k < pages.getRowCount(); k++) {
                        String idText = id.getCurrentDefinitionLevel() == d[0].getMaxDefinitionLevel()
                                ? (textId ? id.getBinary().toStringUsingUTF8() : Long.toString(id.getLong())) : null;
                        into.put(idText, score.getInteger(), tier(file, tier.getBinary().toStringUsingUTF8()));
                        id.consume();
                        score.consume();
                        tier.consume();
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof DataException de) {
                    throw de;
                }
                throw new DataException(file, "cannot read the previous output: " + e.getMessage());
            }
        }
    }

    private static Type field(String file, MessageType schema, String name) {
        if (!schema.containsField(name)) {
            throw new DataException(file, null, name, "no such column: not an output of leadscore score with this --id-column");
        }
        return schema.getType(name);
    }

    private static Tier tier(String file, String text) {
        try {
            return Tier.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DataException(file, null, OutputColumns.TIER, "not a tier: '" + text + "'");
        }
    }
}
