package dev.otter.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds HTTP API (payload 2.0) events and authorizer events from the recorded fixtures. */
public final class HttpDriver {
    private HttpDriver() {}

    /**
     * An HTTP API payload 2.0 event for {@code routeKey} (e.g. {@code "GET /room/{id}"}) from AWS's sample
     * ({@code events/aws/http/request.json}). Values: {@code rawPath}, {@code headers}, {@code authorizer} (the
     * Lambda authorizer's context), {@code body}, {@code base64}, {@code id} (the path parameter), {@code method}.
     */
    public static APIGatewayV2HTTPEvent event(String routeKey, Map<String, ?> values) {
        Map<String, Object> all = new HashMap<>();
        all.put("routeKey", routeKey);
        all.put("method", routeKey.substring(0, routeKey.indexOf(' ')));
        all.put("headers", Map.of("content-type", "application/json", "host", "r3pmxmplak.execute-api.eu-central-1.amazonaws.com"));
        all.put("authorizer", Map.of());
        all.put("body", null);
        all.put("rawPath", "/");
        all.put("base64", false);
        all.put("pathParameters", values.containsKey("id") ? Map.of("id", values.get("id")) : null);
        all.putAll(values);
        return Fixtures.event("aws/http/request.json", APIGatewayV2HTTPEvent.class, all);
    }

    /** An HTTP API Lambda authorizer event, payload 2.0, from AWS's sample ({@code events/aws/http/authorizer-request.json}). */
    public static APIGatewayV2CustomAuthorizerEvent authorizerEvent(String method, String path, Map<String, String> headers,
                                                                    List<String> identitySource) {
        return Fixtures.event("aws/http/authorizer-request.json", APIGatewayV2CustomAuthorizerEvent.class,
                authorizerValues(method, path, headers, identitySource));
    }

    public static Map<String, Object> authorizerValues(String method, String path, Map<String, String> headers,
                                                       List<String> identitySource) {
        Map<String, Object> values = new HashMap<>();
        values.put("method", method);
        values.put("rawPath", path);
        values.put("routeKey", method + " " + path);
        values.put("routeArn", "arn:aws:execute-api:eu-central-1:123456789012:r3pmxmplak/$default/" + method + path);
        values.put("headers", headers);
        values.put("identitySource", identitySource);
        values.put("pathParameters", null);
        return values;
    }

    public static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return Fixtures.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
