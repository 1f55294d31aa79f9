package io.leadscore.serving.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An endpoint's signing secret in the Standard Webhooks form {@code whsec_<base64>} (24 to 64
 * random bytes), and the signature it gives a message: {@code v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">}. Its {@link #toString()} never shows the key.
 */
public final class WebhookSecret {
    /** The environment variable holding the secret of endpoints given no secret file. */
    public static final String ENV = "LEADSCORE_WEBHOOK_SECRET";
    /** The prefix of a secret's text. */
    public static final String PREFIX = "whsec_";
    private static final int MIN_BYTES = 24;
    private static final int MAX_BYTES = 64;

    private final SecretKeySpec key;

    private WebhookSecret(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /**
     * Reads a secret's text ({@code whsec_} and the base64 of 24–64 bytes; surrounding blanks ignored).
     *
     * @throws IllegalArgumentException saying what is wrong, never quoting the text
     */
    public static WebhookSecret parse(String text) {
        String s = text.strip();
        if (!s.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret must start with " + PREFIX + " (Standard Webhooks form whsec_<base64>)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(s.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret must be " + PREFIX + " followed by base64");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("a webhook secret must hold " + MIN_BYTES + " to " + MAX_BYTES + " bytes, this one has " + key.length);
        }
        return new WebhookSecret(key);
    }

    /** The {@code webhook-signature} header's value of a message. */
    public String sign(String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + "…";
    }
}
