package dev.otter.core.port;

/**
 * Ends the TURN relays (allocations) that participants already hold. coturn checks a REST credential's expiry only
 * when a TURN session first authenticates: an allocation lives on for as long as its holder refreshes it, whatever
 * the username's expiry says. So a removal, or the room's end, revokes relays through the TURN server's admin
 * interface where the deployment can reach it; {@link #NONE} where it cannot (see docs/http-api.md, Limits).
 */
public interface RelayRevoker {
    /** Does nothing: relays end when their holders stop refreshing them. */
    RelayRevoker NONE = (roomId, peerId) -> { };

    /**
     * Ends every relay of {@code peerId} in {@code roomId}, or of every participant of the room when {@code peerId}
     * is null. Best effort: a failure is the caller's to log, never to undo the removal.
     */
    void revoke(String roomId, String peerId);
}
