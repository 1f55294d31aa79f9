package io.leadscore.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.leadscore.data.DataException;
import io.leadscore.model.Reason;
import io.leadscore.predict.Prediction;
import io.leadscore.predict.ReasonJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * Writes scored leads to CSV (RFC 4180, a header row), atomically ({@link TempTarget}): the
 * probability exactly (Java's shortest round-trip form, as the API's JSON), the reasons as the API's
 * JSON array in one column, {@code scored_at} as an ISO-8601 instant.
 */
final class CsvScoreWriter implements ScoreWriter<String> {
    /** Writes a list of reasons exactly as the API does. */
    static final ObjectWriter REASONS = new ObjectMapper()
            .registerModule(new SimpleModule("reasons").addSerializer(Reason.class, new ReasonJson())).writer();

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();
    private final TempTarget target;
    private final OutputColumns columns;
    private final BufferedWriter file;
    private final String scoredAt;

    CsvScoreWriter(Path out, OutputColumns columns) {
        this.target = new TempTarget(out);
        this.columns = columns;
        this.scoredAt = Instant.ofEpochMilli(columns.scoredAt()).toString();
        try {
            this.file = Files.newBufferedWriter(target.temp(), StandardCharsets.UTF_8);
            FORMAT.printRecord(file, columns.names().toArray());
        } catch (IOException e) {
            target.discard();
            throw new DataException(out.toString(), "cannot write: " + e.getMessage());
        }
    }

    /** The reasons as the API's JSON array. */
    static String json(List<Reason> reasons) {
        try {
            return REASONS.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chunk's leads as CSV records. */
    @Override
    public String encode(ScoredChunk chunk) {
        StringBuilder text = new StringBuilder(chunk.kept() * 160);
        List<Object> row = new ArrayList<>();
        CSVFormat format = FORMAT.builder().get(); // a format's printing is synchronized: one per chunk, not shared by the threads
        try {
            for (int i = 0; i < chunk.kept(); i++) {
                row.clear();
                record(chunk.ids()[i], chunk.predictions()[i], row);
                format.printRecord(text, row.toArray());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringBuilder does not fail
        }
        return text.toString();
    }

    private void record(String id, Prediction p, List<Object> row) {
        row.add(id);
        row.add(Double.toString(p.probability()));
        row.add(p.score());
        row.add(p.tier().label());
        if (columns.rules()) {
            row.add(p.ruleScore());
            row.add(p.ruleTier() == null ? null : p.ruleTier().label());
        }
        row.add(json(p.reasons()));
        row.add(p.modelName());
        row.add(p.modelVersion());
        if (columns.segments()) {
            row.add(p.segment());
        }
        row.add(scoredAt);
    }

    @Override
    public void append(String records) {
        try {
            file.write(records);
        } catch (IOException e) {
            throw new DataException(target.target().toString(), "cannot write: " + e.getMessage());
        }
    }

    @Override
    public void commit() {
        target.commit(file);
    }

    @Override
    public void close() {
        target.discard(file);
    }
}
