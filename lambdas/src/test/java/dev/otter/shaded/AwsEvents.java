package dev.otter.shaded;

import dev.otter.testing.Fixtures;
import dev.otter.testing.HttpDriver;
import dev.otter.testing.SignalingDriver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The JSON API Gateway sends, from AWS's samples under {@code events/aws/} (see the README there). */
final class AwsEvents {
    private AwsEvents() {}

    /** HTTP API payload 2.0; {@code pathId} and {@code body} may be null. */
    static String http(String routeKey, String rawPath, Map<String, String> headers, String pathId,
                       Map<String, Object> authorizer, String body) {
        Map<String, Object> values = new HashMap<>();
        values.put("routeKey", routeKey);
        values.put("method", routeKey.substring(0, routeKey.indexOf(' ')));
        values.put("rawPath", rawPath);
        values.put("headers", headers);
        values.put("pathParameters", pathId == null ? null : Map.of("id", pathId));
        values.put("authorizer", authorizer);
        values.put("body", body);
        values.put("base64", false);
        return Fixtures.json("aws/http/request.json", values);
    }

    /** HTTP API Lambda authorizer request, payload 2.0. */
    static String httpAuthorizer(String method, String path, Map<String, String> headers, List<String> identitySource) {
        return Fixtures.json("aws/http/authorizer-request.json", HttpDriver.authorizerValues(method, path, headers, identitySource));
    }

    /** WebSocket $connect REQUEST authorizer input. */
    static String wsAuthorizer(Map<String, String> query) {
        return Fixtures.json("aws/ws/connect-authorizer.json", SignalingDriver.connectValues(query, Map.of(), "TWegAcC4EowCHnA="));
    }

    static String wsConnect(Map<String, String> query, Map<String, Object> authorizer, String connectionId) {
        return Fixtures.json("aws/ws/connect.json", SignalingDriver.connectValues(query, authorizer, connectionId));
    }

    static String wsMessage(String routeKey, Map<String, Object> authorizer, String connectionId, String body) {
        return Fixtures.json("aws/ws/message.json",
                Map.of("routeKey", routeKey, "authorizer", authorizer, "connectionId", connectionId, "body", body));
    }

    static String wsDisconnect(Map<String, Object> authorizer, String connectionId) {
        return Fixtures.json("aws/ws/disconnect.json", Map.of("authorizer", authorizer, "connectionId", connectionId));
    }

    /** One SQS message as the event source mapping hands it to the webhook sender. */
    static String scheduled() {
        return Fixtures.json("aws/schedule/rule.json", Map.of());
    }

    static String sqs(String messageId, String body) {
        return Fixtures.json("aws/sqs/receive.json", Map.of("messageId", messageId, "body", body));
    }
}
