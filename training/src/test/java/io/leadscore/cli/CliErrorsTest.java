package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input exits with code 2 and one line naming the file, row and column; never a stack trace. */
class CliErrorsTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static void assertBadInput(Cli.Result r, String... fragments) {
        assertEquals(2, r.exit(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one message: " + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("error: "), line);
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' in: " + line);
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    private static String rows(int n) {
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < n; i++) {
            sb.append(i).append(',').append(i % 2 == 0 ? "yes" : "no").append('\n');
        }
        return sb.toString();
    }

    @Test
    void missingFile() throws Exception {
        Path missing = dir.resolve("missing.csv");
        assertBadInput(Cli.run("train", "--data", missing.toString(), "--label", "y", "--out", dir.resolve("m").toString()),
                missing.toString(), "no such file");
    }

    @Test
    void emptyFile() throws Exception {
        Path f = csv("empty.csv", "");
        assertBadInput(Cli.run("train", "--data", f.toString(), "--label", "y", "--out", dir.resolve("m").toString()),
                f.toString(), "empty");
    }

    @Test
    void missingLabelColumn() throws Exception {
        Path f = csv("nolabel.csv", rows(40));
        assertBadInput(Cli.run("train", "--data", f.toString(), "--label", "converted", "--out", dir.resolve("m").toString()),
                f.toString(), "column 'converted'", "no such label column");
    }

    @Test
    void unparsableRow() throws Exception {
        Path f = csv("broken.csv", rows(5) + "7\n");
        assertBadInput(Cli.run("train", "--data", f.toString(), "--label", "y", "--out", dir.resolve("m").toString()),
                f.toString(), "row 6", "column 'y'");
    }

    @Test
    void unparsableLabel() throws Exception {
        Path f = csv("label.csv", rows(5) + "5,perhaps\n");
        assertBadInput(Cli.run("train", "--data", f.toString(), "--label", "y", "--out", dir.resolve("m").toString()),
                f.toString(), "row 6", "column 'y'", "'perhaps'");
    }

    @Test
    void labelWithOneClassOnly() throws Exception {
        Path f = csv("oneclass.csv", "x,y\n1,no\n2,no\n3,no\n");
        assertBadInput(Cli.run("train", "--data", f.toString(), "--label", "y", "--out", dir.resolve("m").toString()),
                f.toString(), "column 'y'", "only one class");
    }

    @Test
    void excludingAColumnThatDoesNotExist() throws Exception {
        Path f = csv("ex.csv", rows(40));
        assertBadInput(Cli.run("train", "--data", f.toString(), "--label", "y", "--exclude", "duration", "--out", dir.resolve("m").toString()),
                f.toString(), "column 'duration'");
    }

    @Test
    void tooLittleHistorySaysHowManyMoreConversionsAndPointsAtTheColdStart() throws Exception {
        Path f = csv("small.csv", rows(60));
        Cli.Result r = Cli.run("train", "--data", f.toString(), "--label", "y", "--out", dir.resolve("m").toString());
        int min = io.leadscore.training.TrainingRun.DEFAULT_MIN_POSITIVES;
        assertBadInput(r, f.toString(), "column 'y'", "too little history", "at least " + min, "serve --rules FILE --model DIR");
        java.util.regex.Matcher has = java.util.regex.Pattern.compile("the training window has (\\d+) converted leads").matcher(r.err());
        assertTrue(has.find(), r.err());
        int found = Integer.parseInt(has.group(1));
        assertEquals(24, found, "30 converted leads, 20% of them held out");
        assertTrue(r.err().contains(", so " + (min - found) + " more converted leads in the training window"), r.err());
        assertFalse(Files.exists(dir.resolve("m")), "no model written");
    }

    @Test
    void badCapacityNamesTheOption() throws Exception {
        Path f = csv("cap.csv", rows(400));
        assertBadInput(Cli.run("train", "--data", f.toString(), "--label", "y", "--hot-capacity", "150%", "--out", dir.resolve("m").toString()),
                "--hot-capacity", "150%");
    }

    @Test
    void usageMistakesAlsoExitWithTwo() throws Exception {
        Cli.Result r = Cli.run("train", "--label", "y");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Missing required options"), r.err());
    }

    @Test
    void aFailedRunLeavesTheExistingModelUntouched() throws Exception {
        Path good = csv("good.csv", rows(400));
        Path out = dir.resolve("model");
        assertEquals(0, Cli.run("train", "--data", good.toString(), "--label", "y", "--out", out.toString()).exit());
        byte[] card = Files.readAllBytes(out.resolve("model-card.json"));
        Path bad = csv("bad.csv", "x,y\n1,no\n");
        assertEquals(2, Cli.run("train", "--data", bad.toString(), "--label", "y", "--out", out.toString()).exit());
        assertEquals(new String(card), Files.readString(out.resolve("model-card.json")));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".model.tmp")), "no temporary model left behind");
        }
    }

    @Test
    void rulesWithAnUnknownColumnNameTheRulesFileAndLine() throws Exception {
        Path good = csv("good.csv", rows(400));
        Path out = dir.resolve("model");
        assertEquals(0, Cli.run("train", "--data", good.toString(), "--label", "y", "--out", out.toString()).exit());
        Path rules = csv("rules.yaml", "criteria:\n  - name: Budget\n    column: budget_band\n    points:\n      - { is: big, points: 5 }\ntiers: { warm: 1, hot: 2 }\n");
        assertBadInput(Cli.run("compare", "--model", out.toString(), "--rules", rules.toString(), "--data", good.toString(), "--label", "y"),
                rules.toString(), "line 3", "column 'budget_band'", "unknown column");
    }
}
