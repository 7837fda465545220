package dev.otter.shaded;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.config.OtterFunction;
import dev.otter.core.Ids;
import dev.otter.core.Rooms;
import dev.otter.core.webhook.QueuedWebhook;
import dev.otter.core.webhook.WebhookEvent;
import dev.otter.lambda.AuthorizerContext;
import java.util.List;
import java.util.Map;

/**
 * For every deployed function, an event of the shape API Gateway sends it (from AWS's samples) that it should
 * accept, and what accepting looks like. The switches are exhaustive: a new {@link OtterFunction} does not
 * compile until it has both.
 */
final class FirstRequests {
    private final LambdaSandbox sandbox;
    private final Rooms.CreatedRoom room;
    private final String apiKey;
    /** The resume token of a guest who joined over signaling (in-process, same tables): GET /credentials's seat proof. */
    private final String seatProof;

    FirstRequests(LambdaSandbox sandbox) {
        this.sandbox = sandbox;
        this.room = sandbox.world.createRoom(4);
        this.apiKey = sandbox.world.services.apiKeys().createKey();
        dev.otter.testing.SignalingDriver gateway = new dev.otter.testing.SignalingDriver(sandbox.world);
        this.seatProof = gateway.join(gateway.connect(room.guestToken()), "Seated guest").path("resumeToken").asText();
        sandbox.world.services.webhooks().register("https://receiver.example.test/otter");
    }

    String event(OtterFunction function) {
        String roomId = room.room().roomId();
        Map<String, Object> seat = Map.of(AuthorizerContext.ROOM_ID, roomId, AuthorizerContext.ROLE, "guest",
                AuthorizerContext.PEER_ID, Ids.peerId(), AuthorizerContext.RESUMED, "false", "principalId", "otter");
        Map<String, Object> tokenContext = Map.of(AuthorizerContext.ROOM_ID, roomId, AuthorizerContext.ROLE, "guest");
        Map<String, String> json = Map.of("content-type", "application/json");
        return switch (function) {
            case CONNECT_AUTHORIZER -> AwsEvents.wsAuthorizer(Map.of("token", room.guestToken()));
            case CONNECT -> AwsEvents.wsConnect(Map.of("token", room.guestToken()), seat, Ids.random(9) + "=");
            case MESSAGE -> AwsEvents.wsMessage("$default", seat, Ids.random(9) + "=", "{\"action\":\"ping\"}");
            case DISCONNECT -> AwsEvents.wsDisconnect(seat, Ids.random(9) + "=");
            case API_KEY_AUTHORIZER -> AwsEvents.httpAuthorizer("POST", "/createRoom", Map.of("authorization", "Bearer " + apiKey), List.of());
            case ROOM_TOKEN_AUTHORIZER -> AwsEvents.httpAuthorizer("GET", "/credentials",
                    Map.of("authorization", "Bearer " + room.guestToken()), List.of("Bearer " + room.guestToken()));
            case CREATE_ROOM -> AwsEvents.http("POST /createRoom", "/createRoom", json, null, Map.of(), "{}");
            case GET_ROOM -> AwsEvents.http("GET /room/{id}", "/room/" + roomId, json, roomId, tokenContext, null);
            case CREDENTIALS -> AwsEvents.http("GET /credentials", "/credentials",
                    Map.of("content-type", "application/json", dev.otter.config.OtterRoute.SEAT_HEADER, seatProof), null, tokenContext, null);
            case DEVELOPER_ROOMS -> AwsEvents.http("GET /rooms/{id}", "/rooms/" + roomId, json, roomId, Map.of(), null);
            case ROTATE_API_KEY -> AwsEvents.http("POST /apiKeys/rotate", "/apiKeys/rotate",
                    Map.of("authorization", "Bearer " + sandbox.world.services.apiKeys().createKey()), null, Map.of(), "{}");
            case API_KEYS -> AwsEvents.http("GET /apiKeys", "/apiKeys", Map.of("authorization", "Bearer " + apiKey),
                    null, Map.of(), null);
            case WEBHOOKS -> AwsEvents.http("GET /webhooks", "/webhooks", Map.of("authorization", "Bearer " + apiKey),
                    null, Map.of(), null);
            // An event to fan out to the registered endpoint: one SendMessage to the queue.
            case WEBHOOK_SENDER -> AwsEvents.sqs(Ids.random(12),
                    QueuedWebhook.of(WebhookEvent.roomCreated(roomId, java.time.Instant.now())).toJson());
            case ROOM_LINKS -> AwsEvents.http("GET /rooms/{id}/links", "/rooms/" + roomId + "/links", json, roomId, Map.of(), null);
            // Nothing has expired in the sandbox's world: the sweep lists the rooms (a Query) and ends none.
            case ROOM_EXPIRY -> AwsEvents.scheduled();
        };
    }

    static boolean accepted(OtterFunction function, JsonNode response) {
        return switch (function) {
            case CONNECT_AUTHORIZER -> response.at("/policyDocument/Statement/0/Effect").asText().equals("Allow");
            case API_KEY_AUTHORIZER, ROOM_TOKEN_AUTHORIZER -> response.path("isAuthorized").asBoolean(false);
            case CREATE_ROOM, ROTATE_API_KEY -> response.path("statusCode").asInt() == 201;
            case CONNECT, MESSAGE, DISCONNECT, GET_ROOM, CREDENTIALS, DEVELOPER_ROOMS, API_KEYS, WEBHOOKS, ROOM_LINKS ->
                    response.path("statusCode").asInt() == 200;
            case WEBHOOK_SENDER -> response.path("batchItemFailures").isArray() && response.path("batchItemFailures").isEmpty();
            case ROOM_EXPIRY -> response.isInt() && response.asInt() == 0;
        };
    }

    /** The kind of answer API Gateway expects from the function. */
    enum Answer { WEBSOCKET_POLICY, SIMPLE_AUTHORIZER, HTTP_PAYLOAD_2, WEBSOCKET_ROUTE, SQS_BATCH_RESPONSE, ROOMS_ENDED }

    static Answer answer(OtterFunction function) {
        return switch (function) {
            case CONNECT_AUTHORIZER -> Answer.WEBSOCKET_POLICY;
            case API_KEY_AUTHORIZER, ROOM_TOKEN_AUTHORIZER -> Answer.SIMPLE_AUTHORIZER;
            case CREATE_ROOM, GET_ROOM, CREDENTIALS, DEVELOPER_ROOMS, ROTATE_API_KEY, API_KEYS, WEBHOOKS, ROOM_LINKS -> Answer.HTTP_PAYLOAD_2;
            case CONNECT, MESSAGE, DISCONNECT -> Answer.WEBSOCKET_ROUTE;
            case WEBHOOK_SENDER -> Answer.SQS_BATCH_RESPONSE;
            // EventBridge reads no answer; the sweep's count is for the function's own test.
            case ROOM_EXPIRY -> Answer.ROOMS_ENDED;
        };
    }
}
