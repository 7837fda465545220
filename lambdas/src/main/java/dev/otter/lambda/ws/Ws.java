package dev.otter.lambda.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.signaling.Caller;
import dev.otter.core.signaling.Seating;
import dev.otter.lambda.AuthorizerContext;
import java.util.Map;

/** Reading WebSocket events the same way in every WebSocket handler. */
final class Ws {
    private Ws() {}

    /** The sender as the $connect authorizer established it; API Gateway repeats that context on every event. */
    static Caller caller(APIGatewayV2WebSocketEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getConnectionId() == null) {
            throw new OtterException(Problem.UNAUTHORIZED, "no connection");
        }
        Map<String, Object> authorizer = context.getAuthorizer();
        return new Caller(AuthorizerContext.require(authorizer, AuthorizerContext.ROOM_ID),
                AuthorizerContext.require(authorizer, AuthorizerContext.PEER_ID),
                AuthorizerContext.role(authorizer),
                context.getConnectionId(),
                AuthorizerContext.linkId(authorizer),
                "true".equals(String.valueOf(authorizer.get(AuthorizerContext.STANDBY))) ? Seating.AT_JOIN : Seating.AT_CONNECT);
    }

    static boolean resumed(APIGatewayV2WebSocketEvent event) {
        Map<String, Object> authorizer = event.getRequestContext().getAuthorizer();
        return authorizer != null && "true".equals(String.valueOf(authorizer.get(AuthorizerContext.RESUMED)));
    }

    static APIGatewayV2WebSocketResponse status(int status, String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(status);
        response.setHeaders(Map.of("content-type", "application/json"));
        response.setBody(body);
        return response;
    }

    static String requestId(APIGatewayV2WebSocketEvent event) {
        return event.getRequestContext() == null ? "?" : event.getRequestContext().getRequestId();
    }
}
