package io.leadscore.training;

import io.leadscore.model.ConversionModel;
import java.time.OffsetDateTime;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.MutableFeatureMap;
import org.tribuo.MutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * What a Tribuo model records about the rows of an {@link EncodedMatrix} it was fitted on, without
 * Tribuo examples: the feature map (every encoded feature, ids in name order as Tribuo assigns
 * them, i.e. the matrix's columns), the label counts and the dataset provenance (rows, features,
 * labels). Only those are read; the dataset holds no examples.
 */
final class MatrixDataset extends MutableDataset<Label> {
    private static final LabelFactory FACTORY = new LabelFactory();
    private static final Label POS = new Label(ConversionModel.POSITIVE);
    private static final Label NEG = new Label(ConversionModel.NEGATIVE);

    private final MutableFeatureMap features = new MutableFeatureMap();
    private final MutableOutputInfo<Label> labels = FACTORY.generateInfo();
    private final int rows;

    MatrixDataset(EncodedMatrix matrix, int[] positions) {
        super(new SimpleDataSourceProvenance("leads", OffsetDateTime.parse("2000-01-01T00:00:00Z"), FACTORY), FACTORY);
        for (String name : matrix.columnNames()) {
            features.add(name, 0.0);
        }
        for (int p : positions) {
            labels.observe(matrix.y()[p] == 1 ? POS : NEG);
        }
        this.rows = positions.length;
        matrix.requireColumnIds(getFeatureIDMap()); // Tribuo numbers features by name, as the matrix orders its columns
    }

    @Override
    public int size() {
        return rows;
    }

    @Override
    public MutableFeatureMap getFeatureMap() {
        return features;
    }

    @Override
    public MutableOutputInfo<Label> getOutputInfo() {
        return labels;
    }

    @Override
    public ImmutableFeatureMap getFeatureIDMap() {
        return new ImmutableFeatureMap(features);
    }

    @Override
    public ImmutableOutputInfo<Label> getOutputIDInfo() {
        return labels.generateImmutableOutputInfo();
    }
}
