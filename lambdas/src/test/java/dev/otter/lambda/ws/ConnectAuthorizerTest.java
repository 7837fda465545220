package dev.otter.lambda.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.Rooms;
import dev.otter.testing.Fixtures;
import dev.otter.testing.SignalingWorld;
import dev.otter.testing.TestWorld;
import dev.otter.testing.SignalingDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectAuthorizerTest extends SignalingWorld {
    @Test
    void validToken_isAllowedOnTheMethodArn_withRoomRoleAndAFreshPeerId() {
        Rooms.CreatedRoom room = world.createRoom(2);

        IamPolicyResponseV1 first = gateway.authorize(Map.of("token", room.guestToken()));
        IamPolicyResponseV1 second = gateway.authorize(Map.of("token", room.guestToken()));

        JsonNode statement = Fixtures.MAPPER.valueToTree(first.getPolicyDocument()).path("Statement").path(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Action").asText()).isEqualTo("execute-api:Invoke");
        assertThat(statement.path("Resource").toString()).contains("arn:aws:execute-api:us-east-1:123456789012:abcdef123/default/$connect");
        assertThat(first.getContext()).containsEntry("roomId", room.room().roomId()).containsEntry("role", "guest")
                .containsEntry("resumed", "false");
        assertThat(first.getPrincipalId()).isEqualTo(first.getContext().get("peerId"));
        assertThat(first.getContext().get("peerId")).isNotEqualTo(second.getContext().get("peerId"));
    }

    @Test
    void forgedExpiredOrMissingTokens_areDenied_neverAnError() {
        Rooms.CreatedRoom room = world.createRoom(2);
        String kid = JWT.decode(room.guestToken()).getKeyId();
        String wrongKey = JWT.create().withKeyId(kid).withClaim("room", room.room().roomId()).withClaim("role", "host")
                .withExpiresAt(room.room().expiresAt()).sign(Algorithm.HMAC256("another-secret-of-enough-length-0123456789".getBytes(StandardCharsets.UTF_8)));
        String noExp = JWT.create().withKeyId(kid).withClaim("room", room.room().roomId()).withClaim("role", "host")
                .sign(Algorithm.HMAC256(TestWorld.JWT_SECRET));

        assertThat(SignalingDriver.effect(gateway.authorize(Map.of()))).isEqualTo("Deny");
        assertThat(SignalingDriver.effect(gateway.authorize(Map.of("token", wrongKey)))).isEqualTo("Deny");
        assertThat(SignalingDriver.effect(gateway.authorize(Map.of("token", noExp)))).isEqualTo("Deny");
        assertThat(SignalingDriver.effect(gateway.authorize(Map.of("token", "garbage")))).isEqualTo("Deny");
        assertThat(SignalingDriver.effect(gateway.authorize(Map.of("token", room.guestToken(), "resume", "v1.x.y.1.z")))).isEqualTo("Deny");
        world.clock.advance(Duration.ofHours(48));
        try {
            assertThat(SignalingDriver.effect(gateway.authorize(Map.of("token", room.guestToken())))).isEqualTo("Deny");
        } finally {
            world.clock.advance(Duration.ofHours(-48));
        }
    }
}
