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

    public static APIGatewayV2HTTPEvent event(String fixture, Map<String, ?> values) {
        Map<String, Object> all = new HashMap<>();
        all.put("headers", Map.of("content-type", "application/json", "host", "r3pmxmplak.execute-api.eu-central-1.amazonaws.com"));
        all.put("authorizer", Map.of());
        all.put("body", null);
        all.put("rawPath", "/");
        all.put("base64", false);
        all.putAll(values);
        return Fixtures.event("http/" + fixture, APIGatewayV2HTTPEvent.class, all);
    }

    public static APIGatewayV2CustomAuthorizerEvent authorizerEvent(String method, String path, Map<String, String> headers,
                                                                    List<String> identitySource) {
        Map<String, Object> values = new HashMap<>();
        values.put("method", method);
        values.put("path", path);
        values.put("routeKey", method + " " + path);
        values.put("routeArn", "arn:aws:execute-api:eu-central-1:123456789012:r3pmxmplak/$default/" + method + path);
        values.put("headers", headers);
        values.put("identitySource", identitySource);
        return Fixtures.event("authorizer/httpRequest.json", APIGatewayV2CustomAuthorizerEvent.class, values);
    }

    public static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return Fixtures.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
