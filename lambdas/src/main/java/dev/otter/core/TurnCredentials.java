package dev.otter.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Short-lived TURN credentials in coturn's REST scheme ({@code use-auth-secret}): username
 * {@code <expiryEpochSeconds>:<roomId>}, password {@code base64(HMAC-SHA1(secret, username))}. coturn checks
 * them with the shared secret alone, so nothing is stored.
 */
public final class TurnCredentials {
    public static final Duration MAX_TTL = Duration.ofHours(24);

    private final byte[] secret;
    private final TurnServer server;
    private final Clock clock;

    /** Where clients reach TURN; {@code tlsHost} may be null when no certificate is configured. */
    public record TurnServer(String host, int port, String tlsHost, int tlsPort) {
        public TurnServer {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("a TURN host is required");
        }
    }

    public record IceServers(List<String> urls, String username, String credential, long ttlSeconds) {}

    public TurnCredentials(String secret, TurnServer server, Clock clock) {
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("a TURN secret is required");
        if (server == null) throw new IllegalArgumentException("a TURN server is required; use none() to run without");
        this.secret = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.server = server;
        this.clock = clock;
    }

    private TurnCredentials(Clock clock) {
        this.secret = null;
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

    /** Credentials for {@code room}, valid for at most 24 h and never past the room's end. */
    public IceServers issue(Room room) {
        Instant now = clock.instant();
        room.requireOpen(now);
        long ttl = Math.min(MAX_TTL.toSeconds(), Duration.between(now, room.expiresAt()).toSeconds());
        if (ttl <= 0) throw OtterException.roomEnded();
        if (server == null) return new IceServers(List.of(), null, null, ttl);
        String username = (now.getEpochSecond() + ttl) + ":" + room.roomId();
        String credential = credential(username);
        return new IceServers(urls(), username, credential, ttl);
    }

    public String credential(String username) {
        return Base64.getEncoder().encodeToString(Hmac.sha1(secret, username));
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
