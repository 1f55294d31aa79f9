package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.synthetic.LeadGenerator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
    @TempDir
    Path dir;

    @Test
    void sameDataAndSeedGiveTheSameScores() {
        Path data = dir.resolve("leads.parquet");
        new LeadGenerator(3).write(5000, data);
        TrainingRun.Options o = new TrainingRun.Options(data, "converted", "scored_at", List.of(), 9);
        TrainingRun.Result a = TrainingRun.train(o);
        TrainingRun.Result b = TrainingRun.train(o);
        assertEquals(a.card().modelVersion(), b.card().modelVersion());
        assertEquals(a.card().holdoutMetrics(), b.card().holdoutMetrics());
        Table t = TableReader.read(data);
        for (int r = 0; r < t.rowCount(); r += 97) {
            assertEquals(a.scorer().probability(t.row(r)), b.scorer().probability(t.row(r)), 1e-12);
        }
    }
}
