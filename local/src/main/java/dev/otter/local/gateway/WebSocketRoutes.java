package dev.otter.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.util.Map;

/**
 * A WebSocket API as deployed: a REQUEST authorizer on {@code $connect} whose identity source is one query
 * parameter, the {@code $connect}/{@code $disconnect} integrations, and message routes selected by
 * {@code $request.body.action} with {@code $default} for everything else.
 */
public record WebSocketRoutes(
        LambdaFunction<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> connectAuthorizer,
        String identityQueryParameter,
        LambdaFunction<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> connect,
        Map<String, LambdaFunction<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> messageRoutes,
        LambdaFunction<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> defaultRoute,
        LambdaFunction<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> disconnect) {

    public WebSocketRoutes {
        messageRoutes = Map.copyOf(messageRoutes);
    }
}
