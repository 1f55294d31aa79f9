package io.leadscore.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Pebble engine behind the page: templates and assets from {@value #ROOT} on the classpath,
 * HTML autoescaping on, and three additions for the templates: {@code inline('NAME')}, an asset's
 * text (CSS or JavaScript shipped with the templates, so the static report loads nothing); the
 * {@code script_json} filter, a value as JSON that is safe inside a {@code <script>} element; and the
 * {@code num('%,d')} filter, a number as {@link String#format} writes it in {@link Locale#ROOT}
 * (rounding half up, like the JavaScript of the page and the page before templates).
 */
final class Templates {
    static final String ROOT = "io/leadscore/dashboard/templates/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ASSETS = new ConcurrentHashMap<>();
    private static final PebbleEngine ENGINE = engine();

    private Templates() {
    }

    /** The template {@code name} rendered with {@code model}. */
    static String render(String name, Map<String, Object> model) {
        StringWriter out = new StringWriter(65_536);
        try {
            ENGINE.getTemplate(name).evaluate(out, model, Locale.ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The text of an asset shipped with the templates (read once). */
    static String asset(String name) {
        return ASSETS.computeIfAbsent(name, n -> {
            try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(ROOT + n)) {
                if (in == null) {
                    throw new IllegalArgumentException("no dashboard asset " + n);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * {@code value} as JSON for a {@code <script type="application/json">} element: {@code <},
     * {@code >} and {@code &} (and the two line separators JavaScript once refused) are written as
     * {@code \}{@code uXXXX} escapes, which JSON allows in strings, the only place they can occur, so
     * no value can close the element or open a comment.
     */
    static String scriptJson(Object value) {
        try {
            return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A number as {@code pattern} writes it ({@code %d} patterns take it whole); null stays null. */
    static String num(Object value, String pattern) {
        if (!(value instanceof Number n)) {
            return value == null ? null : String.valueOf(value);
        }
        return String.format(Locale.ROOT, pattern, pattern.endsWith("d") ? (Object) n.longValue() : (Object) n.doubleValue());
    }

    private static PebbleEngine engine() {
        ClasspathLoader loader = new ClasspathLoader(Templates.class.getClassLoader());
        loader.setPrefix(ROOT);
        return new PebbleEngine.Builder().loader(loader).autoEscaping(true).defaultEscapingStrategy("html")
                .defaultLocale(Locale.ROOT).extension(new Additions()).build();
    }

    /** {@code inline}, {@code script_json} (both give markup that autoescaping leaves as it is) and {@code num}. */
    private static final class Additions extends AbstractExtension {
        @Override
        public Map<String, Function> getFunctions() {
            return Map.of("inline", new Function() {
                @Override
                public List<String> getArgumentNames() {
                    return List.of("name");
                }

                @Override
                public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
                    return new SafeString(asset(String.valueOf(args.get("name"))));
                }
            });
        }

        @Override
        public Map<String, Filter> getFilters() {
            return Map.of("script_json", new Filter() {
                @Override
                public List<String> getArgumentNames() {
                    return List.of();
                }

                @Override
                public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
                    return new SafeString(scriptJson(input));
                }
            }, "num", new Filter() {
                @Override
                public List<String> getArgumentNames() {
                    return List.of("pattern");
                }

                @Override
                public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
                    return num(input, String.valueOf(args.get("pattern")));
                }
            });
        }
    }
}
