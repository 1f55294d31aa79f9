import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.features.EncodingLearner;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.training.BinaryXGBoostTrainer;
import io.leadscore.training.EncodedMatrix;
import io.leadscore.model.RankingMetrics;
import io.leadscore.training.Split;
import io.leadscore.training.Trainers;
import io.leadscore.training.Trainers.Candidate;
import io.leadscore.training.TrainingData;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostTrainer;

/**
 * Java side of bench/training (not part of any jar, not a test): reads the lead file, holds out the
 * newest 20% by scored_at, fits leadscore's FeatureEncoder on the older 80%, encodes both parts into
 * leadscore's dense EncodedMatrix, exports the matrices for the Python side (unless --export false),
 * then times leadscore's two trainers (fit only, fixed parameters, as Trainers.fit runs them in
 * train): XGBoost (binary:logistic) and logistic regression (LibLinear L2R_LR, C = 1). Writes one
 * JSON object of results.
 *
 * <pre>java -cp TRAINING_CLASSPATH bench/training/TrainingBench.java --data leads.parquet --out DIR</pre>
 */
public final class TrainingBench {
    static final String LABEL = "converted";
    static final String TIME = "scored_at";

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("--trees", "200", "--depth", "4", "--eta", "0.1", "--threads", "2",
                "--seed", "1", "--skip", "", "--export", "true"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        Path data = Path.of(a.get("--data"));
        Path out = Path.of(a.get("--out"));
        int trees = Integer.parseInt(a.get("--trees"));
        int depth = Integer.parseInt(a.get("--depth"));
        double eta = Double.parseDouble(a.get("--eta"));
        int threads = Integer.parseInt(a.get("--threads"));
        long seed = Long.parseLong(a.get("--seed"));
        List<String> skip = List.of(a.get("--skip").split(","));
        Files.createDirectories(out);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("java", System.getProperty("java.version"));
        r.put("tribuo", org.tribuo.Tribuo.VERSION);
        r.put("xgboost4j", Path.of(XGBoost.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString());
        warmUp(); // loads xgboost4j's native library before anything is timed (Python's import does the same)
        r.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
        r.put("trees", trees);
        r.put("threads", threads);
        r.put("seed", seed);

        long[] t = start();
        Table table = TableReader.read(data);
        stop(r, "read", t);

        t = start();
        TrainingData td = TrainingData.prepare(table, LABEL, TIME, List.of());
        Split split = Split.byTime(table, TIME);
        int[] yTrain = td.labels(split.train());
        int[] yHold = td.labels(split.holdout());
        FeatureEncoder encoder = new FeatureEncoder(EncodingLearner.fit(table.select(split.train()), td.inputs()));
        EncodedMatrix train = EncodedMatrix.encode(table, split.train(), yTrain, encoder);
        EncodedMatrix hold = EncodedMatrix.encode(table, split.holdout(), yHold, encoder);
        stop(r, "encode", t);
        r.put("train_rows", train.rows());
        r.put("holdout_rows", hold.rows());
        r.put("train_positive_rate", (double) sum(yTrain) / yTrain.length);
        r.put("holdout_positive_rate", (double) sum(yHold) / yHold.length);
        r.put("holdout_from", split.info().holdoutFrom());
        r.put("inputs", td.inputs());
        r.put("features", train.columns());
        table = null;

        if (Boolean.parseBoolean(a.get("--export"))) {
            t = start();
            export(out, train, hold);
            stop(r, "export", t);
        }

        // --- XGBoost as train --algorithm xgboost fits it (BinaryXGBoostTrainer: GBTREE, HIST, binary:logistic), fixed parameters.
        r.put("xgboost_params", tribuoParams(new BinaryXGBoostTrainer(trees, eta, depth, 1.0, 1.0, 1.0, 1.0, threads, seed)));
        if (!skip.contains("xgboost")) {
            Candidate xgboost = new Candidate("xgboost", Map.of("trees", trees, "eta", eta, "max_depth", depth, "min_child_weight", 1.0,
                    "subsample", 1.0, "colsample", 1.0, "lambda", 1.0));
            t = start();
            Model<Label> xgb = Trainers.fit(xgboost, train, seed);
            stop(r, "leadscore_xgboost_fit", t);
            r.put("leadscore_xgboost_auc", RankingMetrics.auc(Trainers.probabilities(xgb, hold), hold.y()));
        }

        // --- Logistic regression as train --algorithm logistic fits it (LibLinear L2R_LR on the matrix), C = 1.
        if (!skip.contains("logistic")) {
            t = start();
            Model<Label> lr = Trainers.fit(new Candidate("logistic", Map.of("C", 1.0)), train, seed);
            stop(r, "leadscore_logistic_fit", t);
            r.put("leadscore_logistic_auc", RankingMetrics.auc(Trainers.probabilities(lr, hold), hold.y()));
        }

        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        r.put("heap_pool_peaks_sum_mib", peak >> 20);
        r.put("max_rss_mib", maxRssMib());
        String json = json(r);
        Files.writeString(out.resolve("java-results.json"), json + "\n");
        System.out.println(json);
    }

    static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Wall clock (ns), process CPU time of all threads, native ones included (ns), and the 1-minute load ×100. */
    static long[] start() {
        return new long[] {System.nanoTime(), OS.getProcessCpuTime(), Math.round(load() * 100)};
    }

    /** Records NAME_s (wall seconds), NAME_cpu_s (process CPU seconds) and NAME_load (1-min load before → after). */
    static void stop(Map<String, Object> r, String name, long[] start) {
        long wall = System.nanoTime() - start[0];
        long cpu = OS.getProcessCpuTime() - start[1];
        r.put(name + "_s", Math.round(wall / 1e6) / 1e3);
        r.put(name + "_cpu_s", Math.round(cpu / 1e6) / 1e3);
        r.put(name + "_load", String.format("%.2f→%.2f", start[2] / 100.0, load()));
    }

    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return OS.getSystemLoadAverage();
        }
    }

    /** Peak resident memory of this process (heap, JVM and native XGBoost memory), from /proc/self/status. */
    static long maxRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    static void warmUp() throws Exception {
        DMatrix d = new DMatrix(new float[] {0, 1, 1, 0}, 4, 1, Float.NaN);
        d.setLabel(new float[] {0, 1, 1, 0});
        XGBoost.train(d, Map.of("nthread", 1, "verbosity", 0), 1, Map.of(), null, null).dispose();
        d.dispose();
    }

    static long sum(int[] y) {
        long s = 0;
        for (int v : y) {
            s += v;
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tribuoParams(XGBoostTrainer<Label> trainer) throws ReflectiveOperationException {
        Field f = XGBoostTrainer.class.getDeclaredField("parameters");
        f.setAccessible(true);
        return new TreeMap<>((Map<String, Object>) f.get(trainer));
    }

    /**
     * Writes X_train.f64 / X_holdout.f64 (row-major little-endian float64 of the matrix's values,
     * columns in its order = Tribuo's feature-id order), y_train.u8 / y_holdout.u8, features.txt and
     * shape.json.
     */
    static void export(Path dir, EncodedMatrix train, EncodedMatrix hold) throws IOException {
        Files.write(dir.resolve("features.txt"), List.of(train.columnNames()));
        writeMatrix(dir.resolve("X_train.f64"), train);
        writeMatrix(dir.resolve("X_holdout.f64"), hold);
        writeLabels(dir.resolve("y_train.u8"), train.y());
        writeLabels(dir.resolve("y_holdout.u8"), hold.y());
        Files.writeString(dir.resolve("shape.json"), "{\"train_rows\": " + train.rows() + ", \"holdout_rows\": " + hold.rows()
                + ", \"features\": " + train.columns() + "}\n");
    }

    static void writeMatrix(Path file, EncodedMatrix m) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 * m.columns()).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int r = 0; r < m.rows(); r++) {
                buf.clear();
                for (int c = 0; c < m.columns(); c++) {
                    buf.putDouble(m.get(r, c));
                }
                os.write(buf.array());
            }
        }
    }

    static void writeLabels(Path file, int[] y) throws IOException {
        byte[] b = new byte[y.length];
        for (int i = 0; i < y.length; i++) {
            b[i] = (byte) y[i];
        }
        Files.write(file, b);
    }

    static String json(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (var e : m.entrySet()) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(json(e.getKey().toString())).append(": ").append(json(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (Object v : l) {
                sb.append(sb.length() > 1 ? ", " : "").append(json(v));
            }
            return sb.append(']').toString();
        }
        if (o instanceof Number || o instanceof Boolean || o == null) {
            return String.valueOf(o);
        }
        return '"' + o.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
