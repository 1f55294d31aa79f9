package io.leadscore.serving.webhooks;

import io.leadscore.data.DataException;
import io.leadscore.rules.Tier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The {@code serve} options of tier-change webhooks (a picocli mixin): endpoints with their secrets,
 * the tiers to tell, the retry period; {@link #settings} checks them into {@link WebhookSettings}.
 */
public final class WebhookOptions {
    @Option(names = "--webhook-url", description = "Tell this URL when a lead's tier changes (a signed Standard Webhooks POST, "
            + "retried until taken); repeatable, each with its --webhook-secret-file.")
    List<URI> webhookUrls = new ArrayList<>();

    @Option(names = "--webhook-secret-file", description = "A file holding an endpoint's secret, whsec_<base64>: one per --webhook-url "
            + "in order, or one for all (else env " + WebhookSecret.ENV + ").")
    List<Path> webhookSecretFiles = new ArrayList<>();

    @Option(names = "--webhook-tiers", split = ",", description = "Send only changes into these tiers, e.g. hot (default: every tier change).")
    List<String> webhookTiers = new ArrayList<>();

    @Option(names = "--webhook-max-retry-time", defaultValue = "24h",
            description = "Retry a webhook the endpoint does not take for this long (e.g. 30m, 24h, 3d), then mark it failed (default: ${DEFAULT-VALUE}).")
    String webhookMaxRetryTime;

    @Option(names = "--webhook-first-retry", defaultValue = "1s",
            description = "The first retry's delay (e.g. 500ms, 1s); each later one doubles, up to an hour, with jitter (default: ${DEFAULT-VALUE}).")
    String webhookFirstRetry;

    /** The webhook settings of the options, or null without {@code --webhook-url}; a mistake names its option. */
    public WebhookSettings settings(Map<String, String> env) {
        if (webhookUrls.isEmpty()) {
            if (!webhookSecretFiles.isEmpty() || !webhookTiers.isEmpty()) {
                throw new DataException("--webhook-url", "--webhook-secret-file and --webhook-tiers need at least one --webhook-url");
            }
            return null;
        }
        if (webhookSecretFiles.size() > 1 && webhookSecretFiles.size() != webhookUrls.size()) {
            throw new DataException("--webhook-secret-file", "give one per --webhook-url (in the same order) or one for all: "
                    + webhookUrls.size() + " URLs, " + webhookSecretFiles.size() + " secret files");
        }
        List<WebhookSettings.Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < webhookUrls.size(); i++) {
            URI url = webhookUrls.get(i);
            if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
                throw new DataException("--webhook-url", "expected an http:// or https:// URL with a host, got " + url.getScheme() + "://…");
            }
            endpoints.add(new WebhookSettings.Endpoint(url, secret(webhookSecretFiles.isEmpty() ? null
                    : webhookSecretFiles.get(Math.min(i, webhookSecretFiles.size() - 1)), env)));
        }
        Set<String> tiers = new LinkedHashSet<>();
        for (String t : webhookTiers) {
            String tier = t.strip().toLowerCase(java.util.Locale.ROOT);
            if (java.util.Arrays.stream(Tier.values()).noneMatch(v -> v.label().equals(tier))) {
                throw new DataException("--webhook-tiers", "unknown tier '" + t + "': expected cold, warm or hot");
            }
            tiers.add(tier);
        }
        Duration retryFor = WebhookSettings.parseDuration(webhookMaxRetryTime);
        if (retryFor == null) {
            throw new DataException("--webhook-max-retry-time", "expected a duration such as 30m, 24h or 3d, got '" + webhookMaxRetryTime + "'");
        }
        Duration first = WebhookSettings.parseDuration(webhookFirstRetry);
        if (first == null || first.isZero()) {
            throw new DataException("--webhook-first-retry", "expected a positive duration such as 500ms or 1s, got '" + webhookFirstRetry + "'");
        }
        return new WebhookSettings(endpoints, tiers, first, retryFor, new java.util.Random());
    }

    /** An endpoint's secret from its file, else from the environment; the message never quotes it. */
    private static WebhookSecret secret(Path file, Map<String, String> env) {
        String text;
        String from;
        if (file != null) {
            from = file.toString();
            try {
                text = Files.readString(file);
            } catch (java.io.IOException e) {
                throw new DataException(from, "cannot read the webhook secret file");
            }
        } else {
            from = WebhookSecret.ENV;
            text = env.get(WebhookSecret.ENV);
            if (text == null || text.isBlank()) {
                throw new DataException("--webhook-url", "each webhook needs a secret: --webhook-secret-file FILE or env " + WebhookSecret.ENV);
            }
        }
        try {
            return WebhookSecret.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DataException(from, e.getMessage());
        }
    }
}
