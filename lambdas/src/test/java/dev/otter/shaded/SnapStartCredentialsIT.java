package dev.otter.shaded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.config.OtterFunction;
import dev.otter.core.Ids;
import dev.otter.core.Rooms;
import dev.otter.lambda.AuthorizerContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials the SnapStart way. With SnapStart on, Lambda gives a function no {@code AWS_ACCESS_KEY_ID}: the
 * credentials come from the container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}). Each handler here runs its no-argument constructor and its first
 * request in a fresh JVM from the shaded jar with only those variables, and every AWS call it makes must be
 * signed (SigV4, signature recomputed) with the credentials that endpoint served.
 */
class SnapStartCredentialsIT {
    @TempDir
    static Path scratch;
    private static LambdaSandbox sandbox;
    private static Rooms.CreatedRoom room;
    private static String apiKey;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new LambdaSandbox(scratch);
        room = sandbox.world.createRoom(4);
        apiKey = sandbox.world.services.apiKeys().createKey();
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void handler_signsEveryAwsCall_withTheContainerCredentials_whenThatIsAllLambdaGives(OtterFunction function) throws Exception {
        // GIVEN a fresh execution environment with only the SnapStart credential variables
        sandbox.aws.clear();
        Map<String, String> environment = sandbox.environmentOf(function);
        assertThat(environment).doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

        // WHEN the runtime constructs the handler and hands it its first request
        JsonNode response;
        List<String> log;
        try (LambdaSandbox.Environment lambda = sandbox.start(environment)) {
            response = lambda.invoke(function.handlerClass(), firstRequest(function));
            log = lambda.log();
        }

        // THEN it did its job, and every AWS call it made was signed with what the endpoint served
        assertThat(succeeded(function, response)).as("%s answered %s; log %s", function, response, log).isTrue();
        List<FakeAws.SignedCall> calls = sandbox.aws.calls();
        assertThat(calls).as("%s made no AWS call at all; log %s", function, log).isNotEmpty();
        for (FakeAws.SignedCall call : calls) {
            assertThat(sandbox.aws.signatureProblem(call, LambdaSandbox.REGION)).as("%s: %s", function, call.operation()).isNull();
        }
        assertThat(sandbox.aws.refusedCredentialFetches()).as("fetches with a wrong authorization token").isZero();
        // One provider for every client of the process, its credentials cached until they near expiry.
        assertThat(sandbox.aws.credentialFetches()).as("credential fetches by %s", function).isEqualTo(1);
    }

    private static String firstRequest(OtterFunction function) {
        Map<String, Object> seat = Map.of(AuthorizerContext.ROOM_ID, room.room().roomId(), AuthorizerContext.ROLE, "guest",
                AuthorizerContext.PEER_ID, Ids.peerId(), AuthorizerContext.RESUMED, "false", "principalId", "otter");
        Map<String, String> json = Map.of("content-type", "application/json");
        return switch (function) {
            case CONNECT_AUTHORIZER -> AwsEvents.wsAuthorizer(Map.of("token", room.guestToken()));
            case CONNECT -> AwsEvents.wsConnect(Map.of("token", room.guestToken()), seat, "Connect0001=");
            case MESSAGE -> AwsEvents.wsMessage("ping", seat, "Message0001=", "{\"action\":\"ping\"}");
            case DISCONNECT -> AwsEvents.wsDisconnect(seat, "Disconnect01=");
            case API_KEY_AUTHORIZER -> AwsEvents.httpAuthorizer("POST", "/createRoom", Map.of("authorization", "Bearer " + apiKey), List.of());
            case ROOM_TOKEN_AUTHORIZER -> AwsEvents.httpAuthorizer("GET", "/credentials",
                    Map.of("authorization", "Bearer " + room.guestToken()), List.of("Bearer " + room.guestToken()));
            case CREATE_ROOM -> AwsEvents.http("POST /createRoom", "/createRoom", json, null, Map.of(), "{}");
            case GET_ROOM -> AwsEvents.http("GET /room/{id}", "/room/" + room.room().roomId(), json, room.room().roomId(),
                    Map.of(AuthorizerContext.ROOM_ID, room.room().roomId(), AuthorizerContext.ROLE, "guest"), null);
            case CREDENTIALS -> AwsEvents.http("GET /credentials", "/credentials", json, null,
                    Map.of(AuthorizerContext.ROOM_ID, room.room().roomId(), AuthorizerContext.ROLE, "guest"), null);
            case DEVELOPER_ROOMS -> AwsEvents.http("GET /rooms/{id}", "/rooms/" + room.room().roomId(), json, room.room().roomId(),
                    Map.of(), null);
            case ROTATE_API_KEY -> AwsEvents.http("POST /apiKeys/rotate", "/apiKeys/rotate",
                    Map.of("authorization", "Bearer " + sandbox.world.services.apiKeys().createKey()), null, Map.of(), "{}");
        };
    }

    private static boolean succeeded(OtterFunction function, JsonNode response) {
        return switch (function) {
            case CONNECT_AUTHORIZER -> response.at("/policyDocument/Statement/0/Effect").asText().equals("Allow");
            case API_KEY_AUTHORIZER, ROOM_TOKEN_AUTHORIZER -> response.path("isAuthorized").asBoolean(false);
            case CREATE_ROOM, ROTATE_API_KEY -> response.path("statusCode").asInt() == 201;
            default -> response.path("statusCode").asInt() == 200;
        };
    }
}
