package dev.otter.lambda.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.otter.core.Rooms;
import dev.otter.testing.HttpDriver;
import dev.otter.testing.TestWorld;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoomTokenAuthorizerTest {
    private static TestWorld world;
    private static RoomTokenAuthorizer authorizer;

    @BeforeAll
    static void start() {
        world = TestWorld.embedded();
        authorizer = new RoomTokenAuthorizer(world.services);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static SimpleIAMPolicyResponse authorize(Map<String, String> headers) {
        String authorization = headers.get("authorization");
        return authorizer.handleRequest(HttpDriver.authorizerEvent("GET", "/credentials", headers,
                authorization == null ? null : List.of(authorization)), null);
    }

    @Test
    void validToken_isAuthorized_withItsRoomAndRoleInTheContext() {
        Rooms.CreatedRoom room = world.createRoom(2);

        SimpleIAMPolicyResponse response = authorize(Map.of("authorization", "Bearer " + room.hostToken()));

        assertThat(response.getIsAuthorized()).isTrue();
        assertThat(response.getContext()).containsEntry("roomId", room.room().roomId()).containsEntry("role", "host");
    }

    @Test
    void missingForgedOrExpiredTokens_areDenied() {
        Rooms.CreatedRoom room = world.createRoom(2);
        String kid = JWT.decode(room.guestToken()).getKeyId();
        String none = JWT.create().withKeyId(kid).withClaim("room", room.room().roomId()).withClaim("role", "host")
                .withExpiresAt(room.room().expiresAt()).sign(Algorithm.none());

        assertThat(authorize(Map.of()).getIsAuthorized()).isFalse();
        assertThat(authorize(Map.of("authorization", room.guestToken())).getIsAuthorized()).isFalse();
        assertThat(authorize(Map.of("authorization", "Bearer " + none)).getIsAuthorized()).isFalse();
        assertThat(authorize(Map.of("authorization", "Bearer " + room.guestToken() + "x")).getIsAuthorized()).isFalse();
        world.clock.advance(Duration.ofHours(48));
        try {
            assertThat(authorize(Map.of("authorization", "Bearer " + room.guestToken())).getIsAuthorized()).isFalse();
        } finally {
            world.clock.advance(Duration.ofHours(-48));
        }
    }
}
