package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.otter.core.ApiKeys;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;
import java.util.Map;

/**
 * HTTP API authorizer for the developer routes. Deployed with no identity source and caching off: identity
 * sources are ANDed (one of two headers could never be required), and a rotated-out key must not be served
 * from a cache. Every doubt is a Deny, never an error.
 */
public final class ApiKeyAuthorizer implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {
    private static final System.Logger LOG = System.getLogger(ApiKeyAuthorizer.class.getName());

    private final ApiKeys apiKeys;

    public ApiKeyAuthorizer() {
        this(LambdaServices.instance());
    }

    public ApiKeyAuthorizer(OtterServices services) {
        this.apiKeys = services.apiKeys();
    }

    @Override
    public SimpleIAMPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        try {
            boolean valid = Http.apiKey(event.getHeaders()).map(apiKeys::isValid).orElse(false);
            return new SimpleIAMPolicyResponse(valid, Map.of());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "API key check failed: " + e.getClass().getName());
            return new SimpleIAMPolicyResponse(false, Map.of());
        }
    }
}
