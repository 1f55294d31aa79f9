package io.leadscore.serving.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document for a model: the request forms it takes, and every reference resolves. */
class OpenApiSpecTest {
    @TempDir
    static Path dir;
    static ConversionModel m;

    @BeforeAll
    static void train() {
        m = ModelDirectory.load(TinyModels.write(dir));
    }

    private static JsonNode spec(boolean events, boolean store) {
        return OpenApiSpec.of(new OpenApiSpec.Model(m.card(), m.encoding().inputs(), Set.of("country"), events, store));
    }

    @Test
    void theOtherRequestFormsAreAlternativesOnlyWhenTheModelTakesThem() {
        JsonNode all = spec(true, true);
        List<String> forms = new ArrayList<>();
        all.at("/components/schemas/Lead/anyOf").forEach(f -> forms.add(f.get("$ref").asText()));
        assertEquals(List.of("#/components/schemas/LeadFields", "#/components/schemas/LeadEvents", "#/components/schemas/LeadLookup"), forms);
        assertEquals("lead_id", all.at("/components/schemas/LeadLookup/required/0").asText());
        assertFalse(all.at("/components/schemas/LeadLookup/additionalProperties").asBoolean());
        assertTrue(all.at("/components/schemas/LeadEvents/properties/events/items/required").toString().contains("ts"));
        assertTrue(all.at("/components/schemas/LeadFields/properties/country/anyOf").isArray(), "a field the rules read is documented");

        JsonNode fieldsOnly = spec(false, false);
        assertEquals("#/components/schemas/LeadFields", fieldsOnly.at("/components/schemas/Lead/$ref").asText());
        assertTrue(fieldsOnly.at("/components/schemas/LeadEvents").isMissingNode());
        assertTrue(fieldsOnly.at("/components/schemas/LeadLookup").isMissingNode());
    }

    @Test
    void everyReferenceResolvesAndTheBaseIsLeftUntouched() {
        JsonNode spec = spec(true, true);
        List<String> refs = new ArrayList<>();
        collect(spec, refs);
        assertTrue(refs.size() > 50, "references: " + refs.size());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            assertFalse(spec.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
        }
        assertEquals("3.0.3", spec.get("openapi").asText());
        assertFalse(OpenApiSpec.base().at("/paths/~1v1~1predict/post/responses").has("401"), "each document is built on a fresh copy");
    }

    private static void collect(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.elements().forEachRemaining(child -> collect(child, refs));
    }
}
