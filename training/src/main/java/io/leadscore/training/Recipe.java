package io.leadscore.training;

import io.leadscore.features.EncodingLearner;
import io.leadscore.data.Table;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.features.FeatureEncoding;
import io.leadscore.model.Calibration;
import java.util.Arrays;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * How a model is made from the rows of a training window: the encoding, the search, the fit, and
 * the raw probabilities its calibration is fitted on. Two ways to find calibration rows:
 * <ul>
 *   <li>{@link #CROSS_FIT} (default): the search's folds over the whole window (3 rolling time
 *       folds, else 3 stratified folds) also give every validated row a prediction from a model
 *       that did not train on it; the calibration is fitted on those out-of-fold predictions and the
 *       model on the whole window, so no row is set aside;</li>
 *   <li>{@link #SLICE}: as before, the newest {@link TrainingRun#CALIBRATION_FRACTION} of the window
 *       (or a seeded stratified share) only calibrates, the rest fits and searches.</li>
 * </ul>
 *
 * @param encoding the encoding, fitted on the rows the model fits on
 * @param encoder its encoder (what serving applies)
 * @param fitEncoder the encoder of the rows the model fits on: their target-encoded inputs out of
 *     fold ({@link FeatureEncoder#outOfFold}), any other row as served; the search's folds and the
 *     calibration's out-of-fold predictions never see a row's own outcome through its level's rate
 * @param matrix the rows the model was fitted on, encoded by {@code fitEncoder}
 * @param fitRows the table rows the model was fitted on
 * @param search the search and its choice
 * @param model the fitted model (raw probabilities)
 * @param calibrationRaw raw probabilities to calibrate on, each from a model that did not train on its row
 * @param calibrationY their outcomes
 * @param calibrationWindow the calibration rows in words, for the card
 * @param recentFrom with cross-fitting over time folds, the first calibration row of the newest fold
 *     (Platt's intercept is refitted there), else -1
 */
public record Recipe(FeatureEncoding encoding, FeatureEncoder encoder, FeatureEncoder fitEncoder, EncodedMatrix matrix, int[] fitRows, ModelSearch.Result search,
                     Model<Label> model, double[] calibrationRaw, int[] calibrationY, String calibrationWindow, int recentFrom) {
    /** Calibrate on out-of-fold predictions over the whole training window. */
    public static final String CROSS_FIT = "cross-fit";
    /** Calibrate on a slice of the training window that does not fit. */
    public static final String SLICE = "slice";

    /**
     * Fits the recipe on a training window.
     *
     * @param label the outcome column, for messages
     * @param window the training window's rows, in time order when {@code byTime}
     * @param calibrationRows {@link #CROSS_FIT} or {@link #SLICE}
     */
    public static Recipe fit(Table table, TrainingData data, String label, int[] window, boolean byTime, String algorithm, String calibrationRows, long seed) {
        return switch (calibrationRows) {
            case CROSS_FIT -> crossFit(table, data, label, window, byTime, algorithm, seed);
            case SLICE -> slice(table, data, label, window, byTime, algorithm, seed);
            default -> throw new IllegalArgumentException("unknown calibration rows " + calibrationRows);
        };
    }

    private static Recipe crossFit(Table table, TrainingData data, String label, int[] window, boolean byTime, String algorithm, long seed) {
        int[] y = data.labels(window);
        FeatureEncoding encoding = EncodingLearner.fit(table.select(window), data.inputs(), y);
        FeatureEncoder encoder = new FeatureEncoder(encoding);
        FeatureEncoder fitEncoder = encoder.outOfFold(table, window, y, seed);
        EncodedMatrix matrix = EncodedMatrix.encode(table, window, y, fitEncoder);
        List<Folds> folds = folds(y, byTime, seed);
        ModelSearch.Result search = ModelSearch.run(algorithm, matrix, folds, seed, SearchSpace.forSize(y.length, Evaluation.positives(y)));
        int[] oofY = Arrays.stream(search.outOfFoldRows()).map(i -> y[i]).toArray();
        HistoryChecks.requireBothClasses(table.source(), label, Evaluation.positives(oofY), oofY.length, "calibration");
        Model<Label> model = Trainers.fit(search.best(), matrix, seed);
        int recentFrom = byTime ? oofY.length - folds.get(folds.size() - 1).validate().length : -1;
        String words = oofY.length + " rows: out-of-fold predictions over the training window (" + TrainingRun.FOLDS
                + (byTime ? " rolling time folds; every row after the first block" : " stratified folds; every row")
                + " predicted by a model fitted without it, with the chosen settings"
                + (byTime ? "; Platt's intercept refitted on the newest fold's " + (oofY.length - recentFrom) + " rows" : "") + ")";
        return new Recipe(encoding, encoder, fitEncoder, matrix, window, search, model, search.outOfFold(), oofY, words, recentFrom);
    }

    private static Recipe slice(Table table, TrainingData data, String label, int[] window, boolean byTime, String algorithm, long seed) {
        int[] fit;
        int[] calib;
        if (byTime) {
            int cut = (int) TrainingRun.fitRowCount(window.length);
            fit = Arrays.copyOfRange(window, 0, cut);
            calib = Arrays.copyOfRange(window, cut, window.length);
        } else {
            Split inner = Split.stratified(data.labels(window), seed + 1);
            fit = Arrays.stream(inner.train()).map(i -> window[i]).toArray();
            calib = Arrays.stream(inner.holdout()).map(i -> window[i]).toArray();
        }
        int[] yFit = data.labels(fit);
        int[] yCalib = data.labels(calib);
        HistoryChecks.requireBothClasses(table.source(), label, Evaluation.positives(yCalib), yCalib.length, "calibration");
        FeatureEncoding encoding = EncodingLearner.fit(table.select(fit), data.inputs(), yFit);
        FeatureEncoder encoder = new FeatureEncoder(encoding);
        FeatureEncoder fitEncoder = encoder.outOfFold(table, fit, yFit, seed);
        EncodedMatrix matrix = EncodedMatrix.encode(table, fit, yFit, fitEncoder);
        ModelSearch.Result search = ModelSearch.run(algorithm, matrix, folds(yFit, byTime, seed), seed,
                SearchSpace.forSize(yFit.length, Evaluation.positives(yFit)));
        Model<Label> model = Trainers.fit(search.best(), matrix, seed);
        double[] raw = Trainers.probabilities(model, EncodedMatrix.encode(table, calib, yCalib, encoder));
        return new Recipe(encoding, encoder, fitEncoder, matrix, fit, search, model, raw, yCalib, ModelResults.calibrationWindow(calib.length, byTime), -1);
    }

    /** The calibration ({@code method}: platt, isotonic or none) fitted on this recipe's calibration rows. */
    public Calibration calibrate(String method) {
        return "platt".equals(method) && recentFrom > 0
                ? Calibrators.plattRecentLevel(calibrationRaw, calibrationY, recentFrom, calibrationWindow)
                : Calibrators.fit(method, calibrationRaw, calibrationY, calibrationWindow);
    }

    /** The search's folds: rolling time folds over time-ordered rows, else stratified. */
    static List<Folds> folds(int[] y, boolean byTime, long seed) {
        return byTime ? Folds.rolling(y.length, TrainingRun.FOLDS) : Folds.stratified(y, TrainingRun.FOLDS, seed);
    }

    /** The card's description of the cross-validation. */
    public String crossValidation(boolean byTime) {
        return TrainingRun.FOLDS + (byTime ? " rolling time folds" : " stratified folds") + " over the "
                + (fitRows.length == matrix.rows() && calibrationWindow.contains("out-of-fold") ? "training window" : "fit rows");
    }
}
