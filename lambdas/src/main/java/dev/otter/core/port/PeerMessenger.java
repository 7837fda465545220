package dev.otter.core.port;

/** Pushes to a WebSocket connection: API Gateway's @connections API on AWS, a real socket locally. */
public interface PeerMessenger {
    /** @throws PeerGone when the connection is closed */
    void send(String connectionId, String json) throws PeerGone;

    /** Closes the connection; a connection that is already gone is not an error. */
    void disconnect(String connectionId);

    /**
     * Closes the connection because it broke a policy (its message budget): with 1008 where the gateway lets the
     * server choose the close code (the local gateway). API Gateway's management API cannot choose it, so there
     * this is {@link #disconnect}.
     */
    default void disconnectForViolation(String connectionId) {
        disconnect(connectionId);
    }
}
