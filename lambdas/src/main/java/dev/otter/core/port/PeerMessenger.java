package dev.otter.core.port;

/** Pushes to a WebSocket connection: API Gateway's @connections API on AWS, a real socket locally. */
public interface PeerMessenger {
    /** @throws PeerGone when the connection is closed */
    void send(String connectionId, String json) throws PeerGone;

    /** Closes the connection; a connection that is already gone is not an error. */
    void disconnect(String connectionId);
}
