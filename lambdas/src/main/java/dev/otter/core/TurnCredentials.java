package dev.otter.core;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Short-lived TURN credentials for one participant, in coturn's REST scheme ({@code use-auth-secret}): username
 * {@code <expiryEpochSeconds>:<roomId>:<peerId>}, password {@code base64(HMAC-SHA1(secret, username))}. coturn
 * checks them with the shared secret alone, so nothing is stored; it counts {@code user-quota} per username
 * without the expiry, so each participant has a relay budget of its own.
 *
 * <p>Only a participant whose seat is joined and connected gets them, for at most {@link #MAX_TTL} and never past
 * the room's end; the client fetches new ones before they expire. coturn checks the expiry only when a TURN session
 * first authenticates, so the lifetime bounds the relays a removed participant can open, not the ones it holds:
 * those are ended through a {@link dev.otter.core.port.RelayRevoker} where the deployment has one.
 *
 * <p>The secret is read on the first {@link #issue}, not when this is built: on Lambda a handler is built before
 * the SnapStart snapshot, and a secret read then would live in every environment restored from it.
 */
public final class TurnCredentials {
    public static final Duration MAX_TTL = Duration.ofHours(1);
    /**
     * Lifetime of the connectivity check's credentials: the check opens its relays within seconds of fetching them,
     * and coturn checks the expiry only when a session first authenticates.
     */
    public static final Duration CHECK_TTL = Duration.ofMinutes(2);
    /**
     * The participant part of a connectivity check's username. Every check of a room shares it, so coturn's
     * {@code user-quota} bounds all of a room's check relays together, however many link holders run one.
     */
    public static final String CHECK_PEER = "check";

    private final Supplier<String> secretSource;
    private volatile byte[] secret;
    private final TurnServer server;
    private final Clock clock;

    /** Where clients reach TURN; {@code tlsHost} may be null when no certificate is configured. */
    public record TurnServer(String host, int port, String tlsHost, int tlsPort) {
        public TurnServer {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("a TURN host is required");
        }
    }

    public record IceServers(List<String> urls, String username, String credential, long ttlSeconds) {
        /** As a client is given them, by {@code GET /credentials} and in the {@code joined} message. */
        public ForClient forClient() {
            // An RTCIceServer with no urls makes RTCPeerConnection throw, so "no TURN" is an empty list.
            List<ForClient.IceServer> iceServers = urls.isEmpty() ? List.of()
                    : List.of(new ForClient.IceServer(urls, username, credential));
            return new ForClient(iceServers, ttlSeconds);
        }
    }

    /** The wire shape: a list of {@code RTCIceServer}s and how long their credentials last. */
    public record ForClient(List<IceServer> iceServers, long ttlSeconds) {
        public record IceServer(List<String> urls, String username, String credential) {}
    }

    public TurnCredentials(String secret, TurnServer server, Clock clock) {
        this(() -> secret, server, clock);
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("a TURN secret is required");
    }

    /** @param secret asked once, on the first {@link #issue} */
    public TurnCredentials(Supplier<String> secret, TurnServer server, Clock clock) {
        if (secret == null) throw new IllegalArgumentException("a TURN secret is required");
        if (server == null) throw new IllegalArgumentException("a TURN server is required; use none() to run without");
        this.secretSource = secret;
        this.server = server;
        this.clock = clock;
    }

    private TurnCredentials(Clock clock) {
        this.secretSource = null;
        this.server = null;
        this.clock = clock;
    }

    /**
     * For a deployment without TURN (local Otter when coturn is not installed): rooms still get their
     * lifetime checks, but no server is advertised, so browsers connect directly and never probe a dead relay.
     */
    public static TurnCredentials none(Clock clock) {
        return new TurnCredentials(clock);
    }

    /**
     * Credentials for the participant {@code peerId} of {@code room}, valid for at most {@link #MAX_TTL} and never
     * past the room's end.
     *
     * @throws OtterException {@code ROOM_ENDED} for an ended or expired room, {@code FORBIDDEN} unless
     *                        {@code peerId} holds a joined seat with an open connection (removed, waiting in the
     *                        lobby, not joined yet, or disconnected)
     */
    public IceServers issue(Room room, String peerId) {
        Instant now = clock.instant();
        room.requireOpen(now);
        boolean seated = room.seat(peerId).filter(seat -> seat.state() == SeatState.JOINED && seat.isConnected()).isPresent();
        if (!seated) {
            throw new OtterException(Problem.FORBIDDEN, "TURN credentials are only for a participant who has joined the room");
        }
        long ttl = Math.min(MAX_TTL.toSeconds(), Duration.between(now, room.expiresAt()).toSeconds());
        if (ttl <= 0) throw OtterException.roomEnded();
        if (server == null) return new IceServers(List.of(), null, null, ttl);
        String username = (now.getEpochSecond() + ttl) + ":" + room.roomId() + ":" + peerId;
        String credential = credential(username);
        return new IceServers(urls(), username, credential, ttl);
    }

    /**
     * Credentials for the pre-join connectivity check of anyone holding the room's link (no seat yet): they live
     * {@link #CHECK_TTL} at most and never past the room's end, and name the room with {@link #CHECK_PEER}, so one
     * shared quota caps every check relay of the room and ending the room ends them with the rest.
     *
     * @throws OtterException {@code ROOM_ENDED} for an ended or expired room
     */
    public IceServers issueForCheck(Room room) {
        Instant now = clock.instant();
        room.requireOpen(now);
        long ttl = Math.min(CHECK_TTL.toSeconds(), Duration.between(now, room.expiresAt()).toSeconds());
        if (ttl <= 0) throw OtterException.roomEnded();
        if (server == null) return new IceServers(List.of(), null, null, ttl);
        String username = (now.getEpochSecond() + ttl) + ":" + room.roomId() + ":" + CHECK_PEER;
        return new IceServers(urls(), username, credential(username), ttl);
    }

    public String credential(String username) {
        return Base64.getEncoder().encodeToString(Hmac.sha1(secret(), username));
    }

    private byte[] secret() {
        byte[] bytes = secret;
        if (bytes == null) {
            String value = secretSource.get();
            if (value == null || value.isEmpty()) throw new IllegalStateException("the TURN secret is empty");
            bytes = value.getBytes(StandardCharsets.UTF_8);
            secret = bytes;
        }
        return bytes;
    }

    private List<String> urls() {
        List<String> urls = new ArrayList<>();
        String hostPort = server.host() + ":" + server.port();
        urls.add("stun:" + hostPort);
        urls.add("turn:" + hostPort + "?transport=udp");
        urls.add("turn:" + hostPort + "?transport=tcp");
        if (server.tlsHost() != null && !server.tlsHost().isBlank()) {
            urls.add("turns:" + server.tlsHost() + ":" + server.tlsPort() + "?transport=tcp");
        }
        return List.copyOf(urls);
    }
}
