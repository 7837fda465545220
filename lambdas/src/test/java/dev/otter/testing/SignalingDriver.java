package dev.otter.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.Ids;
import dev.otter.lambda.ws.ConnectAuthorizer;
import dev.otter.lambda.ws.ConnectHandler;
import dev.otter.lambda.ws.DisconnectHandler;
import dev.otter.lambda.ws.MessageHandler;
import java.util.HashMap;
import java.util.Map;

/**
 * Plays API Gateway's WebSocket API: runs the $connect authorizer, copies its context into the events of
 * the connection (as API Gateway does) and calls the handlers with recorded event shapes.
 */
public final class SignalingDriver {
    private final TestWorld world;
    private final ConnectAuthorizer authorizer;
    private final ConnectHandler connectHandler;
    private final MessageHandler messageHandler;
    private final DisconnectHandler disconnectHandler;

    public SignalingDriver(TestWorld world) {
        this.world = world;
        this.authorizer = new ConnectAuthorizer(world.services);
        this.connectHandler = new ConnectHandler(world.services);
        this.messageHandler = new MessageHandler(world.services);
        this.disconnectHandler = new DisconnectHandler(world.services);
    }

    /** A connection attempt: {@code status} 403 when the authorizer denied it, else $connect's status. */
    public record Connection(String connectionId, Map<String, Object> context, int status, String body) {
        public boolean open() {
            return status == 200;
        }

        public String peerId() {
            return String.valueOf(context.get("peerId"));
        }
    }

    public IamPolicyResponseV1 authorize(Map<String, String> query) {
        return authorizer.handleRequest(Fixtures.event("aws/ws/connect-authorizer.json", APIGatewayCustomAuthorizerEvent.class,
                connectValues(query, Map.of(), Ids.random(9) + "=")), null);
    }

    public static String effect(IamPolicyResponseV1 policy) {
        JsonNode document = Fixtures.MAPPER.valueToTree(policy.getPolicyDocument());
        return document.path("Statement").path(0).path("Effect").asText();
    }

    public Connection connect(String token) {
        return connect(token, null);
    }

    public Connection connect(String token, String resumeToken) {
        Map<String, String> query = new HashMap<>();
        if (token != null) query.put("token", token);
        if (resumeToken != null) query.put("resume", resumeToken);
        return connectWith(query);
    }

    /** A standby connection ({@code ?standby=1}), as the web app opens while its person is on the pre-join screen. */
    public Connection connectStandby(String token) {
        return connectWith(Map.of("token", token, "standby", "1"));
    }

    public Connection connectWith(Map<String, String> query) {
        IamPolicyResponseV1 policy = authorize(query);
        String connectionId = Ids.random(9) + "=";
        if (!"Allow".equals(effect(policy))) return new Connection(connectionId, Map.of(), 403, "");
        Map<String, Object> context = new HashMap<>(policy.getContext());
        context.put("principalId", policy.getPrincipalId());
        context.put("integrationLatency", 21);
        APIGatewayV2WebSocketResponse response = connectHandler.handleRequest(
                Fixtures.event("aws/ws/connect.json", APIGatewayV2WebSocketEvent.class, connectValues(query, context, connectionId)), null);
        return new Connection(connectionId, context, response.getStatusCode(), response.getBody());
    }

    /** Sends a raw frame on the connection, routed as API Gateway would by its action. */
    public APIGatewayV2WebSocketResponse send(Connection connection, String body) {
        JsonNode action = parseAction(body);
        String routeKey = action != null && action.isTextual() && java.util.Set.of("join", "signal", "ping", "remove").contains(action.asText())
                ? action.asText() : "$default";
        return messageHandler.handleRequest(Fixtures.event("aws/ws/message.json", APIGatewayV2WebSocketEvent.class,
                Map.of("routeKey", routeKey, "authorizer", connection.context(), "connectionId", connection.connectionId(), "body", body)), null);
    }

    public JsonNode join(Connection connection, String name) {
        send(connection, "{\"action\":\"join\",\"name\":\"" + name + "\"}");
        return world.messenger.last(connection.connectionId());
    }

    /** The participant leaves, as the SDK does: {@code leave}, then the socket closes and {@code $disconnect} runs. */
    public APIGatewayV2WebSocketResponse close(Connection connection) {
        send(connection, "{\"action\":\"leave\"}");
        return drop(connection);
    }

    /** The socket closes without a leave (a server-side close, a dropped network): only {@code $disconnect} runs. */
    public APIGatewayV2WebSocketResponse drop(Connection connection) {
        world.messenger.markGone(connection.connectionId());
        return disconnectHandler.handleRequest(Fixtures.event("aws/ws/disconnect.json", APIGatewayV2WebSocketEvent.class,
                Map.of("authorizer", connection.context(), "connectionId", connection.connectionId())), null);
    }

    /**
     * Values for {@code aws/ws/connect-authorizer.json} and {@code aws/ws/connect.json}: the query string as API
     * Gateway passes it (single and multi-value), the authorizer context, the connection id.
     */
    public static Map<String, Object> connectValues(Map<String, String> query, Map<String, Object> authorizer, String connectionId) {
        Map<String, Object> values = new HashMap<>();
        Map<String, java.util.List<String>> multiValue = new HashMap<>();
        query.forEach((name, value) -> multiValue.put(name, java.util.List.of(value)));
        values.put("query", query.isEmpty() ? null : query);
        values.put("multiValueQuery", query.isEmpty() ? null : multiValue);
        values.put("authorizer", authorizer);
        values.put("connectionId", connectionId);
        return values;
    }

    private static JsonNode parseAction(String body) {
        try {
            JsonNode node = Fixtures.MAPPER.readTree(body);
            return node == null ? null : node.get("action");
        } catch (Exception e) {
            return null;
        }
    }
}
