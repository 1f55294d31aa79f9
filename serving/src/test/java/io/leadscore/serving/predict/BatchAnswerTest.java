package io.leadscore.serving.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.leadscore.model.Reason;
import io.leadscore.rules.Tier;
import io.leadscore.serving.http.HttpJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A batch's answer, joined from answers written one by one, is byte for byte what Jackson writes for the whole {@link PredictHandler.BatchAnswer}. */
class BatchAnswerTest {
    @Test
    void answersJoinedAreTheBytesJacksonWritesForTheWholeBatch() throws Exception {
        Random random = new Random(19);
        for (String version : List.of("v1", "2026-12-04 \"quoted\" \u00e9\u4e2d \\ end", "")) {
            for (int n : new int[] {0, 1, 2, 37}) {
                List<PredictionAnswer> answers = new ArrayList<>();
                byte[][] written = new byte[n][];
                for (int i = 0; i < n; i++) {
                    PredictionAnswer a = new PredictionAnswer(random.nextBoolean() ? null : "L" + i, random.nextDouble(), 1 + random.nextInt(99),
                            Tier.values()[random.nextInt(3)], random.nextBoolean() ? null : random.nextInt(100), null,
                            List.of(new Reason("source", "web\"site", random.nextGaussian(), "Where the lead came from")), "m", version,
                            List.of(), null, null, null);
                    answers.add(a);
                    written[i] = HttpJson.JSON.writerFor(PredictionAnswer.class).writeValueAsBytes(a);
                }
                byte[] whole = HttpJson.JSON.writerFor(PredictHandler.BatchAnswer.class)
                        .writeValueAsBytes(new PredictHandler.BatchAnswer(version, answers));
                assertArrayEquals(whole, PredictHandler.batchAnswer(version, written), version + ", " + n + " answers");
            }
        }
    }
}
