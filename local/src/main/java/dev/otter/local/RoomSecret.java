package dev.otter.local;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The room secret a developer's backend adds to each room link it hands out ({@code #token=…&k=<secret>}, see
 * docs/http-api.md, "Room links"): the participants derive the key that encrypts their signaling from it, so no
 * Otter server may ever make or see it. The local runner makes its sample link the way a backend does.
 */
public final class RoomSecret {
    /** The fragment parameter the web app reads it from. */
    public static final String PARAMETER = "k";
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RoomSecret() {}

    /** 32 random bytes, base64url without padding (43 characters). */
    public static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A link from {@code POST /createRoom} ({@code …#token=<jwt>}) with the secret added to its fragment. */
    public static String appendTo(String link, String secret) {
        if (!link.contains("#")) {
            throw new IllegalArgumentException("a room link carries its token in a fragment; this one has none");
        }
        return link + "&" + PARAMETER + "=" + secret;
    }
}
