package dev.otter.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import java.util.Optional;

/**
 * An HTTP API Lambda authorizer with simple responses. With an identity header, API Gateway answers 401 itself
 * when the header is absent and never calls the function; without one the function runs on every request.
 * Answers are not cached: a deployed room-token authorizer may reuse an answer per token, which changes nothing
 * a caller can see, since the answer for a token does not change until it expires.
 */
public record HttpAuthorizer(
        LambdaFunction<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> function,
        Optional<String> identityHeader) {

    public static HttpAuthorizer withoutIdentitySource(
            LambdaFunction<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> function) {
        return new HttpAuthorizer(function, Optional.empty());
    }

    public static HttpAuthorizer withIdentityHeader(
            LambdaFunction<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> function, String header) {
        return new HttpAuthorizer(function, Optional.of(header.toLowerCase(java.util.Locale.ROOT)));
    }
}
