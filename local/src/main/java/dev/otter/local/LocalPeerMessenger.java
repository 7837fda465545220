package dev.otter.local;

import dev.otter.core.port.PeerGone;
import dev.otter.core.port.PeerMessenger;
import dev.otter.local.gateway.ConnectionGoneException;
import dev.otter.local.gateway.LiveConnections;

/** The handlers' {@link PeerMessenger} port over the local gateway's live sockets, as the management API. */
final class LocalPeerMessenger implements PeerMessenger {
    private final LiveConnections connections;

    LocalPeerMessenger(LiveConnections connections) {
        this.connections = connections;
    }

    @Override
    public void send(String connectionId, String json) throws PeerGone {
        try {
            connections.post(connectionId, json);
        } catch (ConnectionGoneException e) {
            throw new PeerGone(connectionId);
        }
    }

    @Override
    public void disconnectForViolation(String connectionId) {
        try {
            connections.deleteForViolation(connectionId);
        } catch (ConnectionGoneException alreadyGone) {
            // the port's contract: closing a closed connection is not an error
        }
    }

    @Override
    public void disconnect(String connectionId) {
        try {
            connections.delete(connectionId);
        } catch (ConnectionGoneException alreadyGone) {
            // the port's contract: closing a closed connection is not an error
        }
    }
}
