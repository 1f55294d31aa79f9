package io.leadscore.serving.lifecycle;

import io.leadscore.model.ConversionModel;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The champion (and optional challenger) being served. A new model is {@linkplain #offer offered}:
 * it is loaded and validated off the request path and swapped in with one atomic reference write,
 * so no request ever sees a half-loaded model; a model that fails is refused, the old one keeps
 * serving, and the reason is kept for {@code GET /v1/models} and the log. A holder made with
 * {@link #ModelHolder(Function)} holds no champion until the first offer passes: a server of such
 * a holder is in a cold start meanwhile (the point table answers alone).
 */
public final class ModelHolder {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);
    /** What the server says while it has no champion yet (a cold start). */
    public static final String NO_MODEL_YET = "no model yet, serving the point table";

    /** Which model a source feeds. */
    public enum Role {
        CHAMPION, CHALLENGER;

        /** The role in lower case, as in logs and {@code /v1/models}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A model that was offered and refused.
     *
     * @param role the role it was offered for
     * @param source where it came from
     * @param reason why it was refused
     * @param at when
     */
    public record Refusal(Role role, String source, String reason, Instant at) {
    }

    private final AtomicReference<ServedModel> champion = new AtomicReference<>();
    private final AtomicReference<ServedModel> challenger = new AtomicReference<>();
    private final AtomicReference<Refusal> lastRefusal = new AtomicReference<>();
    private final Function<String, ServedModel> loader;

    /** @param loader loads a model from a source (e.g. a directory path); throws on failure */
    public ModelHolder(Function<String, ServedModel> loader) {
        this.loader = loader;
    }

    /** A holder serving one fixed, already validated model (embedding, tests): offers fail. */
    public static ModelHolder of(ServedModel champion) {
        String reason = refusal(champion, null);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
        ModelHolder h = new ModelHolder(source -> {
            throw new IllegalStateException("this server serves a fixed model");
        });
        h.champion.set(champion);
        return h;
    }

    /** The champion, or null in a cold start (no model offered and accepted yet). */
    public ServedModel champion() {
        return champion.get();
    }

    public ServedModel challenger() {
        return challenger.get();
    }

    public Refusal lastRefusal() {
        return lastRefusal.get();
    }

    /**
     * Loads, validates and (if it passes) serves the model at {@code source} in {@code role}.
     *
     * @return the refusal, or null when the model now serves
     */
    public synchronized Refusal offer(String source, Role role) {
        ServedModel candidate;
        try {
            candidate = loader.apply(source);
        } catch (RuntimeException e) {
            return refuse(role, source, "cannot load: " + e.getMessage());
        }
        AtomicReference<ServedModel> slot = role == Role.CHAMPION ? champion : challenger;
        ServedModel current = champion.get();
        ConversionModel against = current == null ? null : current.model();
        String reason = refusal(candidate, against);
        if (reason != null) {
            return refuse(role, source, reason);
        }
        ServedModel old = slot.getAndSet(candidate);
        String was = old == null ? "none" : old.version();
        LOG.atInfo().addKeyValue("event", "model_loaded").addKeyValue("role", role.label()).addKeyValue("model_version", candidate.version())
                .addKeyValue("previous_version", was).addKeyValue("source", source)
                .log("{} now {} (from {}), was {}", role.label(), candidate.version(), source, was);
        return null;
    }

    /** Why {@code candidate} may not serve in place of {@code against}: its pooled model's refusal, else its first segment model's. */
    private static String refusal(ServedModel candidate, ConversionModel against) {
        String reason = ModelValidator.refusal(candidate.model(), against);
        for (var segment : candidate.segments().segments().entrySet()) {
            if (reason == null) {
                String r = ModelValidator.refusal(segment.getValue(), null);
                reason = r == null ? null : "segment " + segment.getKey() + ": " + r;
            }
        }
        return reason;
    }

    private Refusal refuse(Role role, String source, String reason) {
        Refusal r = new Refusal(role, source, reason, Instant.now());
        lastRefusal.set(r);
        ServedModel serving = role == Role.CHAMPION ? champion.get() : challenger.get();
        String still = serving == null ? "nothing" : serving.version();
        LOG.atWarn().addKeyValue("event", "model_refused").addKeyValue("role", role.label()).addKeyValue("source", source)
                .addKeyValue("reason", reason).addKeyValue("model_version", still)
                .log("refused a {} from {}: {}; still serving {}", role.label(), source, reason, still);
        return r;
    }
}
