package dev.otter.core.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/** An endpoint's signing secret in the Standard Webhooks format: {@code whsec_} and the base64 of 24 random bytes. */
public final class WebhookSecret {
    public static final String PREFIX = "whsec_";
    /** 192 bits, as the Standard Webhooks reference implementations generate (the spec asks for 24 to 64 bytes). */
    private static final int BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecret() {}

    public static String generate() {
        byte[] key = new byte[BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key: the base64-decoded part after {@code whsec_} (a secret without the prefix is taken whole). */
    static byte[] key(String secret) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }
}
