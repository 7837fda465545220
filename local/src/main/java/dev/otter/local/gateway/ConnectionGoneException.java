package dev.otter.local.gateway;

/** What the management API answers with 410 Gone: the connection is closed or never existed. */
public final class ConnectionGoneException extends Exception {
    public ConnectionGoneException(String connectionId) {
        super("connection " + connectionId + " is gone");
    }
}
