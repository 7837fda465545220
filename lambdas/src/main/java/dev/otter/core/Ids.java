package dev.otter.core;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Unguessable URL-safe identifiers. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private Ids() {}

    /** 128 random bits: the room id is part of the link, so it must not be guessable. */
    public static String roomId() {
        return random(16);
    }

    /** 96 random bits; peer ids are compared lexicographically for WebRTC politeness. */
    public static String peerId() {
        return random(12);
    }

    /**
     * An id from outside (a path, a token) that can be a room's: 22 URL-safe base64 characters, as
     * {@link #roomId()} makes them. Anything else is an unknown room, found without asking the store (which
     * would refuse an over-long key with an error).
     *
     * @throws OtterException ROOM_NOT_FOUND
     */
    public static String requireRoomId(String id) {
        if (id == null || !ROOM_ID.matcher(id).matches()) {
            throw new OtterException(Problem.ROOM_NOT_FOUND, "no such room");
        }
        return id;
    }

    /**
     * Mixes fresh entropy into the generator. A SnapStart snapshot copies this generator's state into every
     * execution environment restored from it; after this call each one's ids diverge from the others' even if
     * the generator was used before the snapshot.
     */
    public static void reseed() {
        RANDOM.setSeed(SecureRandom.getSeed(32));
    }

    public static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return ENCODER.encodeToString(buffer);
    }
}
