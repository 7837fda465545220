package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.otter.core.ApiKeys;
import dev.otter.core.OtterException;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /apiKeys} and {@code DELETE /apiKeys/{id}} (API key): the deployment's keys by id, creation time,
 * state and expiry (never a key or its hash); revoking one at once.
 */
public final class ApiKeysHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ALLOW_NO_CURRENT_KEY = "allowNoCurrentKey";

    private final ApiKeys apiKeys;

    public ApiKeysHandler() {
        this(LambdaServices.instance());
    }

    public ApiKeysHandler(OtterServices services) {
        this.apiKeys = services.apiKeys();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> switch (Http.method(event)) {
            case "GET" -> Http.json(200, new HttpBodies.ApiKeyList(
                    apiKeys.list().stream().map(HttpBodies.ApiKeyView::of).toList()));
            case "DELETE" -> {
                String id = Http.pathParameter(event, "id").orElse("");
                yield Http.json(200, HttpBodies.ApiKeyView.of(apiKeys.revoke(id, allowNoCurrentKey(event))));
            }
            default -> Http.error(405, "method-not-allowed", "use GET or DELETE");
        });
    }

    private static boolean allowNoCurrentKey(APIGatewayV2HTTPEvent event) {
        Map<String, String> query = Optional.ofNullable(event.getQueryStringParameters()).orElse(Map.of());
        String value = query.get(ALLOW_NO_CURRENT_KEY);
        if (value == null || value.equals("false")) return false;
        if (value.equals("true")) return true;
        throw OtterException.invalidField(ALLOW_NO_CURRENT_KEY + " must be true or false");
    }
}
