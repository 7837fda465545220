package dev.otter.local.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The open sockets by connection id: the local side of API Gateway's management API
 * ({@code postToConnection}, {@code deleteConnection}, {@code getConnection}). A connection is live from the
 * moment its upgrade completed until its socket closes; anything else is gone.
 */
public final class LiveConnections {
    private static final Logger LOG = Logger.getLogger(LiveConnections.class.getName());

    /**
     * Bytes posted to one socket and not yet written to it. A client that stops reading would otherwise make
     * the runner queue everything sent to it (measured: 260 MB to 1.1 GB); past this it is closed like a
     * socket API Gateway gave up on. A call's largest burst (an offer, a few dozen candidates) is a few KB.
     */
    public static final int MAX_PENDING_BYTES = 1024 * 1024;

    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final int maxFrameBytes;
    private final int maxPendingBytes;

    public LiveConnections(int maxFrameBytes) {
        this(maxFrameBytes, MAX_PENDING_BYTES);
    }

    LiveConnections(int maxFrameBytes, int maxPendingBytes) {
        this.maxFrameBytes = maxFrameBytes;
        this.maxPendingBytes = maxPendingBytes;
    }

    /** What {@code GetConnection} answers. */
    public record Info(Instant connectedAt, Instant lastActiveAt, String sourceIp, String userAgent) {}

    private static final class Live {
        final Session session;
        final Info opened;
        final AtomicLong pendingBytes = new AtomicLong();
        volatile Instant lastActiveAt;

        Live(Session session, Info opened) {
            this.session = session;
            this.opened = opened;
            this.lastActiveAt = opened.connectedAt();
        }
    }

    void opened(String connectionId, Session session, Instant connectedAt, String sourceIp, String userAgent) {
        live.put(connectionId, new Live(session, new Info(connectedAt, connectedAt, sourceIp, userAgent)));
    }

    void active(String connectionId, Instant at) {
        Live connection = live.get(connectionId);
        if (connection != null) {
            connection.lastActiveAt = at;
        }
    }

    void closed(String connectionId) {
        live.remove(connectionId);
    }

    /**
     * Sends one message, split like API Gateway into frames of at most {@code maxFrameBytes}: the socket
     * refuses larger frames in both directions. Messages to one connection never interleave. A socket whose
     * reader has fallen more than {@link #MAX_PENDING_BYTES} behind is closed with 1008 and reported gone.
     */
    public void post(String connectionId, String message) throws ConnectionGoneException {
        Live connection = openConnection(connectionId);
        if (LOG.isLoggable(Level.FINE)) {
            // Debug only: `joined` carries a resume token, a relayed `signal` the envelope the server cannot read.
            LOG.fine("message out to " + connectionId + ": " + message);
        }
        // Characters, not bytes: close enough for a bound of a megabyte, and no copy of every message.
        long bytes = message.length();
        if (connection.pendingBytes.addAndGet(bytes) > maxPendingBytes) {
            connection.pendingBytes.addAndGet(-bytes);
            connection.session.close(StatusCode.POLICY_VIOLATION, "Slow reader", Callback.NOOP);
            throw new ConnectionGoneException(connectionId);
        }
        Callback written = Callback.from(() -> connection.pendingBytes.addAndGet(-bytes),
                failure -> connection.pendingBytes.addAndGet(-bytes));
        synchronized (connection) {
            List<String> frames = OutgoingFrames.split(message, maxFrameBytes);
            for (int i = 0; i < frames.size(); i++) {
                boolean last = i == frames.size() - 1;
                connection.session.sendPartialText(frames.get(i), last, last ? written : Callback.NOOP);
            }
        }
    }

    /** Closes the socket; its {@code $disconnect} runs as for any other close. */
    public void delete(String connectionId) throws ConnectionGoneException {
        Session session = openSession(connectionId);
        session.close(StatusCode.NORMAL, "", Callback.NOOP);
    }

    /** Closes the socket with 1008: it broke a policy (its message budget). */
    public void deleteForViolation(String connectionId) throws ConnectionGoneException {
        openSession(connectionId).close(StatusCode.POLICY_VIOLATION, "Message budget exceeded", Callback.NOOP);
    }

    public Info get(String connectionId) throws ConnectionGoneException {
        Live connection = openConnection(connectionId);
        Info opened = connection.opened;
        return new Info(opened.connectedAt(), connection.lastActiveAt, opened.sourceIp(), opened.userAgent());
    }

    public int size() {
        return live.size();
    }

    private Session openSession(String connectionId) throws ConnectionGoneException {
        return openConnection(connectionId).session;
    }

    private Live openConnection(String connectionId) throws ConnectionGoneException {
        Live connection = live.get(connectionId);
        if (connection == null || !connection.session.isOpen()) {
            throw new ConnectionGoneException(connectionId);
        }
        return connection;
    }
}
