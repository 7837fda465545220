package dev.otter.adapter.dynamodb;

import dev.otter.config.OtterFunction.Table;
import dev.otter.core.TurnCredentials;
import dev.otter.core.port.RelayRevoker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Revokes relays on AWS, where no function can reach coturn: one {@code PutItem} into the relay-revocations table,
 * which every TURN task reads every few seconds, cancelling the sessions it names through coturn's CLI on its own
 * loopback (coturn/otter-revoker.sh). The key is the part of the TURN username after its expiry: {@code <roomId>} for
 * a whole room, {@code <roomId>:<peerId>} for one participant.
 *
 * <p>The item lives {@link #KEPT_FOR}: credentials issued just before the revocation stay valid for up to
 * {@link TurnCredentials#MAX_TTL} and can open new relays all that time, which the tasks keep cancelling while the
 * item lives. A second revocation of the same key only moves its end later.
 */
public final class DynamoRelayRevoker implements RelayRevoker {
    /** The longest life of credentials issued before a revocation, and a margin for a late last allocation. */
    public static final Duration KEPT_FOR = TurnCredentials.MAX_TTL.plus(Duration.ofMinutes(5));
    static final String RELAY = Table.RELAY_REVOCATIONS.partitionKey();

    private final DynamoDbClient client;
    private final String tableName;
    private final Clock clock;

    public DynamoRelayRevoker(DynamoDbClient client, String tableName, Clock clock) {
        this.client = client;
        this.tableName = tableName;
        this.clock = clock;
    }

    /** The revocation's key: what a TURN username ({@code <expiry>:<roomId>:<peerId>}) carries after its expiry. */
    public static String key(String roomId, String peerId) {
        return peerId == null ? roomId : roomId + ":" + peerId;
    }

    @Override
    public void revoke(String roomId, String peerId) {
        long until = clock.instant().plus(KEPT_FOR).getEpochSecond();
        client.putItem(r -> r.tableName(tableName).item(Map.of(
                RELAY, AttributeValue.fromS(key(roomId, peerId)),
                Table.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(until)))));
    }
}
