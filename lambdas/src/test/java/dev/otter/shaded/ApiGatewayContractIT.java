package dev.otter.shaded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.config.OtterFunction;
import dev.otter.core.ApiKeys;
import dev.otter.core.Rooms;
import dev.otter.testing.Fixtures;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real event shapes through the real serializer: AWS's own sample events ({@code events/aws/}, sources in the
 * README there) are read by the Lambda runtime's serializer into every handler class, run from the shaded jar
 * in a fresh JVM (see {@link LambdaRuntimeProbe}), and each answer, written by that serializer, must be what
 * API Gateway accepts:
 * <ul>
 * <li>HTTP API payload 2.0: {@code statusCode} a number, {@code headers} string values, {@code body} a string;</li>
 * <li>HTTP API Lambda authorizer with simple responses: {@code isAuthorized} a boolean and a {@code context} of
 *     plain values, nothing else;</li>
 * <li>WebSocket REQUEST authorizer: an IAM policy ({@code principalId}, {@code policyDocument} with
 *     {@code Version} 2012-10-17 and {@code Statement}s of {@code execute-api:Invoke} on the {@code methodArn})
 *     and a {@code context} whose values are strings, numbers or booleans only;</li>
 * <li>WebSocket routes: a {@code statusCode}, and what a handler posts to a connection is valid JSON.</li>
 * </ul>
 * Header names arrive lower-case from HTTP APIs; they are accepted in any case.
 */
class ApiGatewayContractIT {
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json");

    @TempDir
    static Path scratch;
    private static LambdaSandbox sandbox;
    private static LambdaSandbox.Environment lambda;
    private static FirstRequests requests;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new LambdaSandbox(scratch);
        lambda = sandbox.start(sandbox.environmentOf(OtterFunction.values()));
        requests = new FirstRequests(sandbox);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lambda != null) lambda.close();
        if (sandbox != null) sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void everyHandler_answersInTheShapeApiGatewayReads_forAnEventOfItsRoute(OtterFunction function) throws Exception {
        JsonNode answer = invoke(function, requests.event(function));

        assertThat(FirstRequests.accepted(function, answer)).as("%s answered %s", function, answer).isTrue();
        switch (FirstRequests.answer(function)) {
            case WEBSOCKET_POLICY -> assertIamPolicy(answer,
                    Fixtures.MAPPER.readTree(requests.event(function)).path("methodArn").asText(), "Allow");
            case SIMPLE_AUTHORIZER -> assertSimpleResponse(answer);
            case HTTP_PAYLOAD_2 -> assertHttpResponse(function, answer);
            case WEBSOCKET_ROUTE -> assertWebSocketResponse(function, answer);
            case SQS_BATCH_RESPONSE -> {
                assertThat(answer.path("batchItemFailures").isArray()).as("SQSBatchResponse").isTrue();
                // The fan-out queued one delivery for the endpoint FirstRequests registered, over the SQS client in the jar.
                assertThat(sandbox.aws.queued()).anyMatch(body -> body.contains("\"endpointId\":\"wh_"));
            }
            case ROOMS_ENDED -> assertThat(answer.isInt()).as("the number of rooms the sweep ended").isTrue();
        }
    }

    @Test
    void apiKeyAuthorizer_answersSimpleResponses_forTheKeyInAnyHeaderCase() {
        String key = sandbox.world.services.apiKeys().createKey();

        for (Map<String, String> headers : List.of(Map.of("authorization", "Bearer " + key), Map.of("Authorization", "Bearer " + key),
                Map.of("AUTHORIZATION", "bearer " + key), Map.of("x-api-key", key), Map.of("X-Api-Key", key))) {
            JsonNode answer = invoke(OtterFunction.API_KEY_AUTHORIZER, AwsEvents.httpAuthorizer("POST", "/createRoom", headers, List.of()));
            assertSimpleResponse(answer);
            assertThat(answer.path("isAuthorized").asBoolean()).as("header %s", headers.keySet()).isTrue();
        }
        JsonNode denied = invoke(OtterFunction.API_KEY_AUTHORIZER,
                AwsEvents.httpAuthorizer("POST", "/createRoom", Map.of("authorization", "Bearer otr_not-a-key"), List.of()));
        assertSimpleResponse(denied);
        assertThat(denied.path("isAuthorized").booleanValue()).isFalse();
    }

    @Test
    void roomTokenAuthorizer_answersSimpleResponsesWithAPlainContext_forTheTokenInAnyHeaderCase() {
        Rooms.CreatedRoom room = sandbox.world.createRoom(2);

        for (String name : List.of("authorization", "Authorization")) {
            String bearer = "Bearer " + room.guestToken();
            JsonNode answer = invoke(OtterFunction.ROOM_TOKEN_AUTHORIZER,
                    AwsEvents.httpAuthorizer("GET", "/credentials", Map.of(name, bearer), List.of(bearer)));
            assertSimpleResponse(answer);
            assertThat(answer.path("isAuthorized").asBoolean()).isTrue();
            assertThat(answer.path("context").path("roomId").asText()).isEqualTo(room.room().roomId());
            assertThat(answer.path("context").path("role").asText()).isEqualTo("guest");
        }
        JsonNode denied = invoke(OtterFunction.ROOM_TOKEN_AUTHORIZER,
                AwsEvents.httpAuthorizer("GET", "/credentials", Map.of("authorization", "Bearer x.y.z"), List.of("Bearer x.y.z")));
        assertSimpleResponse(denied);
        assertThat(denied.path("isAuthorized").booleanValue()).isFalse();
    }

    @Test
    void httpRoutes_answerPayload2Responses_withTheAuthorizersContextAsApiGatewayPassesIt() throws Exception {
        // GIVEN a room created with an API key, and the room token authorizer's serialized answer for its guest
        JsonNode created = http(OtterFunction.CREATE_ROOM, AwsEvents.http("POST /createRoom", "/createRoom", JSON_HEADERS, null,
                Map.of(), "{\"maxParticipants\":3,\"name\":\"Contract\"}"), 201);
        String roomId = created.path("roomId").asText();
        String guestToken = created.path("url").asText().substring(created.path("url").asText().indexOf("#token=") + 7);
        JsonNode authorized = invoke(OtterFunction.ROOM_TOKEN_AUTHORIZER,
                AwsEvents.httpAuthorizer("GET", "/room/" + roomId, Map.of("authorization", "Bearer " + guestToken), List.of()));
        Map<String, Object> lambdaContext = Fixtures.MAPPER.convertValue(authorized.path("context"), Map.class);

        // WHEN and THEN every room route answers a payload 2.0 response
        JsonNode room = http(OtterFunction.GET_ROOM, AwsEvents.http("GET /room/{id}", "/room/" + roomId, JSON_HEADERS, roomId,
                lambdaContext, null), 200);
        assertThat(room.path("maxParticipants").asInt()).isEqualTo(3);
        // the room token alone holds no seat (FirstRequests covers a seated participant's 200)
        JsonNode refused = http(OtterFunction.CREDENTIALS, AwsEvents.http("GET /credentials", "/credentials", JSON_HEADERS, null,
                lambdaContext, null), 403);
        assertThat(refused.path("error").path("code").asText()).isEqualTo("forbidden");
        JsonNode developer = http(OtterFunction.DEVELOPER_ROOMS, AwsEvents.http("GET /rooms/{id}", "/rooms/" + roomId, JSON_HEADERS,
                roomId, Map.of(), null), 200);
        assertThat(developer.path("roomId").asText()).isEqualTo(roomId);
        JsonNode wrongRoom = http(OtterFunction.GET_ROOM, AwsEvents.http("GET /room/{id}", "/room/other", JSON_HEADERS, "other",
                lambdaContext, null), 403);
        assertThat(wrongRoom.path("error").path("code").isTextual()).isTrue();
        String key = sandbox.world.services.apiKeys().createKey();
        JsonNode rotated = http(OtterFunction.ROTATE_API_KEY, AwsEvents.http("POST /apiKeys/rotate", "/apiKeys/rotate",
                Map.of("X-Api-Key", key, "Content-Type", "application/json"), null, Map.of(), "{\"graceSeconds\":0}"), 201);
        assertThat(rotated.path("apiKey").asText()).startsWith("otr_");
        String fresh = rotated.path("apiKey").asText();
        JsonNode keys = http(OtterFunction.API_KEYS, AwsEvents.http("GET /apiKeys", "/apiKeys", Map.of("X-Api-Key", fresh),
                null, Map.of(), null), 200);
        assertThat(keys.path("apiKeys").isArray()).isTrue();
        String spareId = ApiKeys.id(ApiKeys.hash(sandbox.world.services.apiKeys().createKey()));
        JsonNode revoked = http(OtterFunction.API_KEYS, AwsEvents.http("DELETE /apiKeys/{id}", "/apiKeys/" + spareId,
                Map.of("X-Api-Key", fresh), spareId, Map.of(), null), 200);
        assertThat(revoked.path("state").asText()).isEqualTo("revoked");
    }

    @Test
    void webSocketRoutes_connectThroughAnIamPolicy_andCarryItsContextOnEveryEvent() throws Exception {
        Rooms.CreatedRoom room = sandbox.world.createRoom(2);
        String methodArn = Fixtures.MAPPER.readTree(AwsEvents.wsAuthorizer(Map.of())).path("methodArn").asText();

        // the $connect authorizer: an IAM policy with a flat context, Deny for a bad token
        JsonNode denied = invoke(OtterFunction.CONNECT_AUTHORIZER, AwsEvents.wsAuthorizer(Map.of("token", "x.y.z")));
        assertIamPolicy(denied, methodArn, "Deny");
        Map<String, Object> host = connect(room.hostToken(), methodArn, "HostConn001=");
        Map<String, Object> guest = connect(room.guestToken(), methodArn, "GuestConn01=");

        // every message on $default (the only message route deployed), with the authorizer's context repeated
        ws(OtterFunction.MESSAGE, AwsEvents.wsMessage("$default", host, "HostConn001=", "{\"action\":\"join\",\"name\":\"Host\"}"));
        assertThat(lastPost("HostConn001=").path("type").asText()).isEqualTo("joined");
        ws(OtterFunction.MESSAGE, AwsEvents.wsMessage("$default", guest, "GuestConn01=", "{\"action\":\"join\",\"name\":\"Guest\"}"));
        assertThat(lastPost("GuestConn01=").path("type").asText()).isEqualTo("joined");
        ws(OtterFunction.MESSAGE, AwsEvents.wsMessage("$default", guest, "GuestConn01=", "{\"action\":\"ping\"}"));
        assertThat(lastPost("GuestConn01=").path("type").asText()).isEqualTo("pong");

        // a leave, then API Gateway's $disconnect for the closed socket
        ws(OtterFunction.MESSAGE, AwsEvents.wsMessage("$default", guest, "GuestConn01=", "{\"action\":\"leave\"}"));
        assertThat(lastPost("HostConn001=").path("type").asText()).isEqualTo("peer-left");
        ws(OtterFunction.DISCONNECT, AwsEvents.wsDisconnect(guest, "GuestConn01="));
    }

    private Map<String, Object> connect(String token, String methodArn, String connectionId) {
        JsonNode policy = invoke(OtterFunction.CONNECT_AUTHORIZER, AwsEvents.wsAuthorizer(Map.of("token", token)));
        assertIamPolicy(policy, methodArn, "Allow");
        // What API Gateway passes on: the context's values, the principal, and its own numeric latency.
        Map<String, Object> context = new HashMap<>(Fixtures.MAPPER.convertValue(policy.path("context"), Map.class));
        context.put("principalId", policy.path("principalId").asText());
        context.put("integrationLatency", 21);
        ws(OtterFunction.CONNECT, AwsEvents.wsConnect(Map.of("token", token), context, connectionId));
        return context;
    }

    private static JsonNode invoke(OtterFunction function, String event) {
        return lambda.invoke(function.handlerClass(), event);
    }

    /** Payload format 2.0 response; returns the parsed body. */
    private static JsonNode http(OtterFunction function, String event, int expectedStatus) throws Exception {
        JsonNode response = invoke(function, event);
        assertThat(response.path("statusCode").asInt()).as("%s answered %s", function, response).isEqualTo(expectedStatus);
        assertHttpResponse(function, response);
        return Fixtures.MAPPER.readTree(response.path("body").asText());
    }

    private static void assertHttpResponse(OtterFunction function, JsonNode response) {
        assertThat(response.path("statusCode").isInt()).as("statusCode of %s", response).isTrue();
        assertStringValues(response.path("headers"), "headers");
        assertThat(response.path("headers").path("content-type").asText()).isEqualTo("application/json");
        assertThat(response.path("body").isTextual()).as("body of %s", response).isTrue();
        if (response.has("isBase64Encoded")) assertThat(response.get("isBase64Encoded").isBoolean()).isTrue();
        if (response.hasNonNull("cookies")) assertThat(response.get("cookies").isArray()).isTrue();
    }

    private static void ws(OtterFunction function, String event) {
        JsonNode response = invoke(function, event);
        assertThat(response.path("statusCode").asInt()).as("%s answered %s", function, response).isEqualTo(200);
        assertWebSocketResponse(function, response);
    }

    private static void assertWebSocketResponse(OtterFunction function, JsonNode response) {
        assertThat(response.path("statusCode").isInt()).as("statusCode of %s", response).isTrue();
        if (response.hasNonNull("headers")) assertStringValues(response.get("headers"), "headers");
        if (response.hasNonNull("body")) assertThat(response.get("body").isTextual()).isTrue();
    }

    private static JsonNode lastPost(String connectionId) throws Exception {
        List<String> posts = sandbox.aws.postsTo(connectionId);
        assertThat(posts).as("posts to %s", connectionId).isNotEmpty();
        return Fixtures.MAPPER.readTree(posts.get(posts.size() - 1));
    }

    private static void assertSimpleResponse(JsonNode answer) {
        assertThat(answer.path("isAuthorized").isBoolean()).as("isAuthorized of %s", answer).isTrue();
        assertThat(fieldNames(answer)).isSubsetOf("isAuthorized", "context");
        if (answer.hasNonNull("context")) assertPlainValues(answer.get("context"));
    }

    private static void assertIamPolicy(JsonNode answer, String methodArn, String effect) {
        assertThat(fieldNames(answer)).isSubsetOf("principalId", "policyDocument", "context", "usageIdentifierKey");
        assertThat(answer.path("principalId").isTextual()).as("principalId of %s", answer).isTrue();
        assertThat(answer.path("principalId").asText()).isNotBlank();
        JsonNode document = answer.path("policyDocument");
        assertThat(document.path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(document.path("Statement").isArray()).as("Statement of %s", answer).isTrue();
        assertThat(document.path("Statement").size()).isPositive();
        for (JsonNode statement : document.path("Statement")) {
            assertThat(fieldNames(statement)).isSubsetOf("Action", "Effect", "Resource", "Condition");
            assertThat(oneOrMany(statement.path("Action"))).containsExactly("execute-api:Invoke");
            assertThat(statement.path("Effect").asText()).isEqualTo(effect);
            assertThat(oneOrMany(statement.path("Resource"))).containsExactly(methodArn);
        }
        if (answer.hasNonNull("context")) assertPlainValues(answer.get("context"));
    }

    /** API Gateway takes only strings, numbers and booleans as authorizer context values. */
    private static void assertPlainValues(JsonNode context) {
        assertThat(context.isObject()).as("context %s", context).isTrue();
        context.fields().forEachRemaining(field -> assertThat(field.getValue().isTextual() || field.getValue().isNumber()
                || field.getValue().isBoolean()).as("context value %s", field.getKey()).isTrue());
    }

    private static void assertStringValues(JsonNode object, String what) {
        assertThat(object.isObject()).as(what).isTrue();
        object.fields().forEachRemaining(field -> assertThat(field.getValue().isTextual()).as("%s %s", what, field.getKey()).isTrue());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> oneOrMany(JsonNode node) {
        if (node.isTextual()) return List.of(node.asText());
        List<String> values = new java.util.ArrayList<>();
        node.forEach(value -> values.add(value.isTextual() ? value.asText() : String.valueOf(value)));
        return values;
    }
}
