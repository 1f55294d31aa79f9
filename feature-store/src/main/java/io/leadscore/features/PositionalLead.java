package io.leadscore.features;

/**
 * A lead whose values are kept by the positions of a {@link FieldLayout} (null where it has none):
 * how a reader that fills a row per lead, such as the batch scorer's, hands leads to the encoder.
 *
 * @param layout the positions of the fields
 * @param row the values, one per position of {@code layout}
 */
public record PositionalLead(FieldLayout layout, Object[] row) implements LeadRecord {
    @Override
    public Object get(String field) {
        int p = layout.positionOf(field);
        return p < 0 ? null : row[p];
    }

    @Override
    public Object at(int position) {
        return row[position];
    }
}
