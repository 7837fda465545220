package dev.otter.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.otter.config.OtterFunction.Table;
import dev.otter.core.Rooms;
import dev.otter.lambda.http.DeveloperRoomsHandler;
import dev.otter.testing.HttpDriver;
import dev.otter.testing.SignalingDriver;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.TestWorld;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * On AWS a removal or an end revokes relays by writing to the relay-revocations table, which the TURN tasks read
 * (coturn/otter-revoker.sh; {@code AwsRelayRevocationTest} in the local module runs that against a real coturn). Here:
 * the real handlers on dynalite write what the revoker expects.
 */
class DynamoRelayRevokerTest {
    private static TestWorld world;
    private static SignalingDriver gateway;

    @BeforeAll
    static void start() {
        world = TestWorld.embeddedRevokingInTable();
        gateway = new SignalingDriver(world);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static Optional<Map<String, AttributeValue>> revocation(String key) {
        Map<String, AttributeValue> item = world.dynamoDb.getItem(r -> r.tableName(world.tables.relayRevocations())
                .key(Map.of(Table.RELAY_REVOCATIONS.partitionKey(), AttributeValue.fromS(key))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static long ttl(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get(Table.TTL_ATTRIBUTE).n());
    }

    @Test
    void aHostsRemoval_writesTheRemovedParticipantsRevocation_keptPastTheLifeOfItsCredentials() {
        Rooms.CreatedRoom room = world.createRoom(3);
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        Connection guest = gateway.connect(room.guestToken());
        gateway.join(guest, "Guest");
        String roomId = room.room().roomId();

        gateway.send(host, "{\"action\":\"remove\",\"peerId\":\"" + guest.peerId() + "\"}");

        Map<String, AttributeValue> item = revocation(roomId + ":" + guest.peerId()).orElseThrow();
        assertThat(ttl(item)).isEqualTo(world.clock.instant().plus(Duration.ofMinutes(65)).getEpochSecond());
        assertThat(revocation(roomId + ":" + host.peerId())).isEmpty();
        assertThat(revocation(roomId)).as("the room's other relays are not revoked").isEmpty();
    }

    @Test
    void aHostsEnd_andTheDevelopersDelete_revokeTheWholeRoom() {
        Rooms.CreatedRoom ended = world.createRoom(2);
        Connection host = gateway.connect(ended.hostToken());
        gateway.join(host, "Host");
        Rooms.CreatedRoom deleted = world.createRoom(2);

        gateway.send(host, "{\"action\":\"end\"}");
        String id = deleted.room().roomId();
        APIGatewayV2HTTPResponse response = new DeveloperRoomsHandler(world.services).handleRequest(
                HttpDriver.event("DELETE /rooms/{id}", Map.of("rawPath", "/rooms/" + id, "id", id)), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(revocation(ended.room().roomId())).isPresent();
        assertThat(revocation(id)).isPresent();
    }
}
