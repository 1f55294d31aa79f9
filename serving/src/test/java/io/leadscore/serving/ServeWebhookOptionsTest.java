package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.DataException;
import io.leadscore.serving.webhooks.RetrySchedule;
import io.leadscore.serving.webhooks.WebhookSecret;
import io.leadscore.serving.webhooks.WebhookSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve}'s webhook options, the secret's form and signature, and the retry schedule. */
class ServeWebhookOptionsTest {
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

    private static WebhookSettings parse(Map<String, String> env, String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.webhookOptions.settings(env);
    }

    private static String refused(Map<String, String> env, String... args) {
        return assertThrows(DataException.class, () -> parse(env, args)).getMessage();
    }

    @Test
    void urlsPairWithSecretFilesOrTheEnvironment() throws Exception {
        Path a = Files.writeString(dir.resolve("a.secret"), SECRET + "\n");
        assertNull(parse(Map.of()), "no --webhook-url: no webhooks");
        WebhookSettings two = parse(Map.of(), "--webhook-url", "https://crm.example/hooks/a", "--webhook-url", "http://127.0.0.1:9/b",
                "--webhook-secret-file", a.toString(), "--webhook-tiers", "hot,WARM", "--webhook-max-retry-time", "3d");
        assertEquals(2, two.endpoints().size(), "one secret file for all");
        assertEquals(Set.of("hot", "warm"), two.tiers());
        assertEquals(Duration.ofDays(3), two.retryFor());
        assertEquals(Duration.ofSeconds(1), two.firstRetry());
        WebhookSettings env = parse(Map.of(WebhookSecret.ENV, SECRET), "--webhook-url", "https://crm.example/h");
        assertEquals(Set.of(), env.tiers(), "every change by default");
        assertEquals(Duration.ofHours(24), env.retryFor());

        assertTrue(refused(Map.of(), "--webhook-url", "https://crm.example/h").contains(WebhookSecret.ENV));
        assertTrue(refused(Map.of(WebhookSecret.ENV, SECRET), "--webhook-url", "ftp://crm.example/h").contains("http"));
        assertTrue(refused(Map.of(WebhookSecret.ENV, SECRET), "--webhook-url", "https://crm.example/h", "--webhook-tiers", "lukewarm")
                .contains("lukewarm"));
        assertTrue(refused(Map.of(WebhookSecret.ENV, SECRET), "--webhook-url", "https://crm.example/h", "--webhook-max-retry-time", "soon")
                .startsWith("--webhook-max-retry-time"));
        assertTrue(refused(Map.of(), "--webhook-url", "https://x.example/1", "--webhook-url", "https://x.example/2", "--webhook-url",
                "https://x.example/3", "--webhook-secret-file", a.toString(), "--webhook-secret-file", a.toString()).contains("one per"));
        assertTrue(refused(Map.of(), "--webhook-tiers", "hot").contains("--webhook-url"));
        Path bad = Files.writeString(dir.resolve("bad.secret"), "hunter2-not-a-whsec");
        String message = refused(Map.of(), "--webhook-url", "https://crm.example/h", "--webhook-secret-file", bad.toString());
        assertTrue(message.contains("whsec_") && !message.contains("hunter2"), "names the form, never quotes the secret: " + message);
        String missing = refused(Map.of(), "--webhook-url", "https://crm.example/h", "--webhook-secret-file", dir.resolve("none").toString());
        assertTrue(missing.contains("none"), missing);
    }

    @Test
    void theSignatureIsStandardWebhooksHmac() {
        // the example of the Standard Webhooks specification's reference libraries
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
        assertFalse(secret.toString().contains("MfKQ"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse("whsec_c2hvcnQ=")); // 5 bytes
    }

    @Test
    void retriesBackOffExponentiallyWithJitterUntilTheRetryTimeIsOver() {
        RetrySchedule s = new RetrySchedule(Duration.ofSeconds(1), Duration.ofMinutes(10), new Random(42));
        Instant since = Instant.parse("2026-01-01T00:00:00Z");
        for (int attempt = 1; attempt <= 8; attempt++) {
            long base = 1000L << (attempt - 1);
            long ms = Duration.between(since, s.next(attempt, since, since)).toMillis();
            assertTrue(ms >= base * 0.75 && ms <= base * 1.25, "attempt " + attempt + ": " + ms + " ms");
        }
        assertNull(s.next(12, since, since.plus(Duration.ofMinutes(9))), "the next try would be after the retry time");
        assertEquals(WebhookSettings.parseDuration("500ms"), Duration.ofMillis(500));
        assertNull(WebhookSettings.parseDuration("1 week"));
    }
}
