package io.leadscore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.data.Column;
import io.leadscore.data.Table;

/** Table rows as the JSON bodies a CRM posts to {@code /v1/predict} (missing values left out). */
public final class LeadRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LeadRows() {
    }

    public static ObjectNode json(Table table, int row) {
        ObjectNode lead = JSON.createObjectNode();
        for (Column c : table.columns()) {
            Object v = c.value(row);
            if (v instanceof Double d) {
                lead.put(c.name(), d);
            } else if (v instanceof Boolean b) {
                lead.put(c.name(), b);
            } else if (v != null) {
                lead.put(c.name(), v.toString());
            }
        }
        return lead;
    }
}
