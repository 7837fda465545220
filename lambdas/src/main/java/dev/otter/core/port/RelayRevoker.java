package dev.otter.core.port;

/**
 * Ends the TURN relays (allocations) that participants already hold. coturn checks a REST credential's expiry only
 * when a TURN session first authenticates: an allocation lives on for as long as its holder refreshes it, whatever
 * the username's expiry says. So a removal, or the room's end, revokes relays: the local runner through coturn's admin
 * CLI directly; on AWS, where no function can reach the TURN tasks, by writing the revocation into a table that each
 * task's revoker reads ({@code DynamoRelayRevoker}, coturn/otter-revoker.sh; docs/limits.md, Ending relays on AWS).
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
