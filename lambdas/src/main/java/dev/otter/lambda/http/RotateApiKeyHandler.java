package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.otter.core.ApiKeys;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.lambda.Json;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;

/** {@code POST /apiKeys/rotate} (API key): a new key; the calling key, which must be current, keeps working for the grace period. */
public final class RotateApiKeyHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiKeys apiKeys;

    public RotateApiKeyHandler() {
        this(LambdaServices.instance());
    }

    public RotateApiKeyHandler(OtterServices services) {
        this.apiKeys = services.apiKeys();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> {
            int grace = Json.integer(Http.body(event), "graceSeconds").orElse(ApiKeys.DEFAULT_GRACE_SECONDS);
            String callingKey = Http.apiKey(event.getHeaders())
                    .orElseThrow(() -> new OtterException(Problem.FORBIDDEN, "the API key is not valid"));
            ApiKeys.RotatedKey rotated = apiKeys.rotate(callingKey, grace);
            return Http.json(201, new HttpBodies.RotatedKey(rotated.apiKey(), rotated.id(), rotated.previousKeyId(),
                    rotated.previousKeyExpiresAt().toString()));
        });
    }
}
