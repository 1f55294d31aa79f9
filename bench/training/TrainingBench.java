import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.model.ConversionModel;
import io.leadscore.training.Evaluation;
import io.leadscore.training.Examples;
import io.leadscore.training.Split;
import io.leadscore.training.BinaryXGBoostTrainer;
import io.leadscore.training.Trainers;
import io.leadscore.training.TrainingData;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Java side of bench/training (not part of any jar, not a test): reads the lead file, holds out the
 * newest 20% by scored_at, fits leadscore's FeatureEncoder on the older 80%, encodes both parts,
 * exports the encoded matrices for the Python side, then times Tribuo's XGBoost and LibLinear
 * trainers (fit only) and, to split Tribuo's time into its parts, Tribuo's own Dataset → DMatrix
 * conversion and bare xgboost4j training on that DMatrix. Writes one JSON object of results.
 *
 * <pre>java -cp TRAINING_CLASSPATH bench/training/TrainingBench.java --data leads.parquet --out DIR</pre>
 */
public final class TrainingBench {
    static final String LABEL = "converted";
    static final String TIME = "scored_at";

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("--trees", "200", "--depth", "4", "--eta", "0.1", "--threads", "2",
                "--seed", "1", "--skip", ""));
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
        FeatureEncoder encoder = new FeatureEncoder(FeatureEncoder.fit(table.select(split.train()), td.inputs()));
        Examples train = Examples.encode(table, split.train(), yTrain, encoder);
        Examples hold = Examples.encode(table, split.holdout(), yHold, encoder);
        stop(r, "encode", t);
        r.put("train_rows", train.size());
        r.put("holdout_rows", hold.size());
        r.put("train_positive_rate", (double) sum(yTrain) / yTrain.length);
        r.put("holdout_positive_rate", (double) sum(yHold) / yHold.length);
        r.put("holdout_from", split.info().holdoutFrom());
        r.put("inputs", td.inputs());

        t = start();
        List<String> names = export(out, train, hold);
        r.put("features", names.size());
        stop(r, "export", t);
        table = null;

        t = start();
        MutableDataset<Label> dataset = dataset(train);
        stop(r, "tribuo_dataset", t);

        // --- Tribuo XGBoost, exactly as leadscore's Trainers builds it (GBTREE, HIST), fixed parameters.
        XGBoostClassificationTrainer xgbTrainer = new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE,
                XGBoostTrainer.TreeMethod.HIST, trees, eta, 0.0, depth, 1.0, 1.0, 1.0, 1.0, 0.0, threads,
                XGBoostTrainer.LoggingVerbosity.SILENT, seed);
        Map<String, Object> params = tribuoParams(xgbTrainer);
        params.put("num_class", 2); // added by XGBoostClassificationTrainer.train from the label count
        r.put("tribuo_xgboost_params", params);
        if (!skip.contains("tribuo-xgboost")) {
            t = start();
            Model<Label> xgb = xgbTrainer.train(dataset);
            stop(r, "tribuo_xgboost_fit", t);
            r.put("tribuo_xgboost_auc", Evaluation.auc(Trainers.probabilities(xgb, hold), hold.y()));
            xgb = null;
        }

        // --- leadscore's trainer (Trainers.fit for --algorithm xgboost): Tribuo's XGBoost with binary:logistic,
        // dense conversion; same parameters.
        if (!skip.contains("leadscore-xgboost")) {
            t = start();
            Model<Label> xgb = new BinaryXGBoostTrainer(trees, eta, depth, 1.0, 1.0, 1.0, 1.0, threads, seed).train(dataset);
            stop(r, "leadscore_xgboost_fit", t);
            r.put("leadscore_xgboost_auc", Evaluation.auc(Trainers.probabilities(xgb, hold), hold.y()));
            xgb = null;
        }

        // --- Tribuo's own conversion alone (the first step inside its train), then bare xgboost4j on it.
        ImmutableFeatureMap fmap = dataset.getFeatureIDMap();
        for (int j = 0; j < names.size(); j++) {
            if (fmap.getID(names.get(j)) != j) {
                throw new IllegalStateException("exported column " + j + " (" + names.get(j) + ") is Tribuo feature id " + fmap.getID(names.get(j)));
            }
        }
        var outInfo = dataset.getOutputIDInfo();
        Function<Label, Float> response = l -> (float) outInfo.getID(l);
        t = start();
        DMatrix dTrain = convert(dataset, fmap, response);
        stop(r, "tribuo_to_dmatrix", t);
        DMatrix dHold = convert(hold.examples(), fmap, response);
        int posId = outInfo.getID(new Label(ConversionModel.POSITIVE));
        if (!skip.contains("xgboost4j-softprob")) {
            t = start();
            Booster b = XGBoost.train(dTrain, params, trees, Map.of(), null, null);
            stop(r, "xgboost4j_softprob_fit", t);
            r.put("xgboost4j_softprob_auc", auc(b.predict(dHold), posId, hold.y()));
            b.dispose();
        }
        if (!skip.contains("xgboost4j-binary")) {
            float[] y01 = new float[train.size()];
            for (int i = 0; i < y01.length; i++) {
                y01[i] = train.y()[i];
            }
            dTrain.setLabel(y01);
            Map<String, Object> binary = new LinkedHashMap<>(params);
            binary.remove("num_class");
            binary.put("objective", "binary:logistic");
            r.put("xgboost4j_binary_params", binary);
            t = start();
            Booster b = XGBoost.train(dTrain, binary, trees, Map.of(), null, null);
            stop(r, "xgboost4j_binary_fit", t);
            r.put("xgboost4j_binary_auc", auc(b.predict(dHold), 0, hold.y()));
            b.dispose();
        }
        dTrain.dispose();
        dHold.dispose();

        // --- Tribuo LibLinear L2R_LR, C = 1, as leadscore's Trainers builds it (1000 iterations, eps 1e-4).
        if (!skip.contains("tribuo-liblinear")) {
            t = start();
            Model<Label> lr = new LibLinearClassificationTrainer(new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR),
                    1.0, 1000, 1e-4, seed).train(dataset);
            stop(r, "tribuo_liblinear_fit", t);
            r.put("tribuo_liblinear_auc", Evaluation.auc(Trainers.probabilities(lr, hold), hold.y()));
            lr = null;
            // Its two parts: Tribuo's conversion to liblinear's FeatureNode rows, then liblinear-java's solver.
            LibLinearClassificationTrainer trainer = new LibLinearClassificationTrainer(
                    new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), 1.0, 1000, 1e-4, seed);
            Method extract = LibLinearClassificationTrainer.class.getDeclaredMethod("extractData", org.tribuo.Dataset.class,
                    org.tribuo.ImmutableOutputInfo.class, ImmutableFeatureMap.class);
            Method setup = LibLinearClassificationTrainer.class.getDeclaredMethod("setupParameters", org.tribuo.ImmutableOutputInfo.class);
            Method solve = LibLinearClassificationTrainer.class.getDeclaredMethod("trainModels", de.bwaldvogel.liblinear.Parameter.class,
                    int.class, de.bwaldvogel.liblinear.FeatureNode[][].class, double[][].class);
            extract.setAccessible(true);
            setup.setAccessible(true);
            solve.setAccessible(true);
            t = start();
            var pair = (com.oracle.labs.mlrg.olcut.util.Pair<?, ?>) extract.invoke(trainer, dataset, outInfo, fmap);
            stop(r, "tribuo_to_liblinear", t);
            Object parameter = setup.invoke(trainer, outInfo);
            t = start();
            solve.invoke(trainer, parameter, fmap.size() + 1, pair.getA(), pair.getB());
            stop(r, "liblinear_java_solver_fit", t);
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

    static MutableDataset<Label> dataset(Examples data) {
        LabelFactory factory = new LabelFactory();
        var provenance = new SimpleDataSourceProvenance("leads", OffsetDateTime.parse("2000-01-01T00:00:00Z"), factory);
        return new MutableDataset<>(new ListDataSource<>(data.examples(), factory, provenance));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tribuoParams(XGBoostTrainer<Label> trainer) throws ReflectiveOperationException {
        Field f = XGBoostTrainer.class.getDeclaredField("parameters");
        f.setAccessible(true);
        return new TreeMap<>((Map<String, Object>) f.get(trainer));
    }

    /** Tribuo's own (protected) XGBoostTrainer.convertExamples: what its train() runs before XGBoost.train. */
    static DMatrix convert(Iterable<Example<Label>> examples, ImmutableFeatureMap fmap, Function<Label, Float> response)
            throws ReflectiveOperationException {
        Method m = XGBoostTrainer.class.getDeclaredMethod("convertExamples", Iterable.class, ImmutableFeatureMap.class, Function.class);
        m.setAccessible(true);
        Object tuple = m.invoke(null, examples, fmap, response);
        return (DMatrix) tuple.getClass().getField("data").get(tuple);
    }

    static double auc(float[][] pred, int col, int[] y) {
        double[] p = new double[pred.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = pred[i][col];
        }
        return Evaluation.auc(p, y);
    }

    /**
     * Writes X_train.f64 / X_holdout.f64 (row-major little-endian float64, columns in Tribuo's
     * feature-id order = the order of each example's features), y_train.u8 / y_holdout.u8 and
     * features.txt. Returns the column names.
     */
    static List<String> export(Path dir, Examples train, Examples hold) throws IOException {
        List<String> names = new ArrayList<>();
        for (Feature f : train.examples().get(0)) {
            names.add(f.getName());
        }
        Files.write(dir.resolve("features.txt"), names);
        writeMatrix(dir.resolve("X_train.f64"), train, names);
        writeMatrix(dir.resolve("X_holdout.f64"), hold, names);
        writeLabels(dir.resolve("y_train.u8"), train.y());
        writeLabels(dir.resolve("y_holdout.u8"), hold.y());
        Files.writeString(dir.resolve("shape.json"), "{\"train_rows\": " + train.size() + ", \"holdout_rows\": " + hold.size()
                + ", \"features\": " + names.size() + "}\n");
        return names;
    }

    static void writeMatrix(Path file, Examples ex, List<String> names) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 * names.size()).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (Example<Label> e : ex.examples()) {
                if (e.size() != names.size()) {
                    throw new IllegalStateException("example with " + e.size() + " features, expected " + names.size());
                }
                buf.clear();
                int j = 0;
                for (Feature f : e) {
                    if (!f.getName().equals(names.get(j++))) {
                        throw new IllegalStateException("feature order differs: " + f.getName());
                    }
                    buf.putDouble(f.getValue());
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
