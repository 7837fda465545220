package dev.otter.core;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable URL-safe identifiers. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    /** 128 random bits: the room id is part of the link, so it must not be guessable. */
    public static String roomId() {
        return random(16);
    }

    /** 96 random bits; peer ids are compared lexicographically for WebRTC politeness. */
    public static String peerId() {
        return random(12);
    }

    public static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return ENCODER.encodeToString(buffer);
    }
}
