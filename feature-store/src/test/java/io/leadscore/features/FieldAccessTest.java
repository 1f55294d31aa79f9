package io.leadscore.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields read by position from leads of several layouts, in turns, and by name from other leads, give the same values. */
class FieldAccessTest {

    @Test
    void readsByPositionFromEachLayoutAndByNameOtherwise() {
        FieldAccess access = new FieldAccess(List.of("b", "a", "missing"));
        LeadRecord one = new PositionalLead(new FieldLayout(List.of("a", "b", "c")), new Object[] {1.0, "x", true});
        LeadRecord two = new PositionalLead(new FieldLayout(List.of("c", "b")), new Object[] {false, "y"});
        Map<String, Object> values = Map.of("a", 3.0, "b", "z");
        LeadRecord named = values::get;
        for (int turn = 0; turn < 3; turn++) { // the access's kept positions change with the layout
            for (LeadRecord lead : List.of(one, two, named, one)) {
                int[] at = access.positions(lead);
                assertEquals(lead == named, at == null, "only a lead without a layout is read by name");
                for (int i = 0; i < access.size(); i++) {
                    assertEquals(lead.get(access.name(i)), access.get(lead, at, i), access.name(i));
                }
            }
        }
        assertNull(access.get(two, access.positions(two), 1), "a field the layout lacks");
        assertThrows(IllegalArgumentException.class, () -> new FieldLayout(List.of("a", "a")));
    }
}
