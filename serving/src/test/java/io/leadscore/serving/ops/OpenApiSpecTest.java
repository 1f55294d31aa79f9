package io.leadscore.serving.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.data.ColumnType;
import io.leadscore.features.InputFeature;
import io.leadscore.features.TargetEncoding;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void aTargetEncodedFieldListsItsLevelsMostFrequentFirst() {
        TargetEncoding te = new TargetEncoding(0.1, 5, Map.of("spring-promo", new TargetEncoding.Outcomes(3, 2),
                "newsletter", new TargetEncoding.Outcomes(40, 4), "webinar", new TargetEncoding.Outcomes(12, 1)));
        List<InputFeature> inputs = new ArrayList<>(m.encoding().inputs());
        inputs.add(new InputFeature("campaign", ColumnType.CATEGORICAL, false, null, null, null, true, List.of(), te));
        JsonNode spec = OpenApiSpec.of(new OpenApiSpec.Model(m.card(), inputs, Set.of(), false, false));
        JsonNode text = spec.at("/components/schemas/LeadFields/properties/campaign/anyOf/0");
        assertEquals("[\"newsletter\",\"webinar\",\"spring-promo\"]", text.get("x-known-values").toString());
        assertEquals("newsletter", text.get("example").asText());
        assertTrue(text.get("description").asText().startsWith("3 known values"), text.get("description").asText());
        JsonNode oneHot = spec.at("/components/schemas/LeadFields/properties/source/anyOf/0");
        assertTrue(oneHot.get("description").asText().startsWith("known: "), "one-hot fields as before: " + oneHot);
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
