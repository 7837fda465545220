package dev.otter.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP API route: {@code method} and a path template such as {@code /rooms/{id}}, its authorizer and its
 * integration. The route key is the one API Gateway puts into the event ({@code "GET /rooms/{id}"}).
 */
public record HttpRoute(
        String method,
        String pathTemplate,
        HttpAuthorizer authorizer,
        LambdaFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> integration) {

    public String routeKey() {
        return method + " " + pathTemplate;
    }

    /** The path parameters when {@code path} (already decoded, without the stage prefix) matches the template. */
    Optional<Map<String, String>> match(String path) {
        List<String> want = segments(pathTemplate);
        List<String> got = segments(path);
        if (want.size() != got.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String expected = want.get(i);
            String actual = got.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (actual.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return List.of(trimmed.split("/", -1));
    }
}
