package dev.otter.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.otter.config.OtterFunction;
import dev.otter.lambda.OtterServices;
import dev.otter.lambda.http.ApiKeyAuthorizer;
import dev.otter.lambda.http.CreateRoomHandler;
import dev.otter.lambda.http.CredentialsHandler;
import dev.otter.lambda.http.DeveloperRoomsHandler;
import dev.otter.lambda.http.GetRoomHandler;
import dev.otter.lambda.http.RotateApiKeyHandler;
import dev.otter.lambda.http.RoomTokenAuthorizer;
import dev.otter.lambda.ws.ConnectAuthorizer;
import dev.otter.lambda.ws.ConnectHandler;
import dev.otter.lambda.ws.DisconnectHandler;
import dev.otter.lambda.ws.MessageHandler;
import dev.otter.local.gateway.HttpAuthorizer;
import dev.otter.local.gateway.HttpRoute;
import dev.otter.local.gateway.LambdaFunction;
import dev.otter.local.gateway.WebSocketRoutes;
import java.util.List;

/**
 * Otter's route table, as the CDK stack deploys it, over the very handler classes that run on Lambda.
 * Each handler is built once from the shared services, like a warm Lambda.
 */
final class LocalFunctions {
    /** Message routes selected by the frame's {@code action}; all of them, and $default, go to MESSAGE. */
    static final List<String> MESSAGE_ACTIONS = List.of("join", "signal", "ping", "remove");
    /** The $connect authorizer's identity source: {@code route.request.querystring.token}. */
    static final String TOKEN_QUERY_PARAMETER = "token";

    private LocalFunctions() {}

    static List<HttpRoute> httpRoutes(OtterServices services) {
        HttpAuthorizer apiKey = HttpAuthorizer.withoutIdentitySource(
                function(OtterFunction.API_KEY_AUTHORIZER, new ApiKeyAuthorizer(services)));
        HttpAuthorizer roomToken = HttpAuthorizer.withIdentityHeader(
                function(OtterFunction.ROOM_TOKEN_AUTHORIZER, new RoomTokenAuthorizer(services)), "Authorization");
        var developerRooms = function(OtterFunction.DEVELOPER_ROOMS, new DeveloperRoomsHandler(services));
        return List.of(
                new HttpRoute("POST", "/createRoom", apiKey,
                        function(OtterFunction.CREATE_ROOM, new CreateRoomHandler(services))),
                new HttpRoute("GET", "/rooms/{id}", apiKey, developerRooms),
                new HttpRoute("DELETE", "/rooms/{id}", apiKey, developerRooms),
                new HttpRoute("POST", "/apiKeys/rotate", apiKey,
                        function(OtterFunction.ROTATE_API_KEY, new RotateApiKeyHandler(services))),
                new HttpRoute("GET", "/room/{id}", roomToken,
                        function(OtterFunction.GET_ROOM, new GetRoomHandler(services))),
                new HttpRoute("GET", "/credentials", roomToken,
                        function(OtterFunction.CREDENTIALS, new CredentialsHandler(services))));
    }

    static WebSocketRoutes webSocketRoutes(OtterServices services) {
        var message = function(OtterFunction.MESSAGE, new MessageHandler(services));
        return new WebSocketRoutes(
                function(OtterFunction.CONNECT_AUTHORIZER, new ConnectAuthorizer(services)),
                TOKEN_QUERY_PARAMETER,
                function(OtterFunction.CONNECT, new ConnectHandler(services)),
                MESSAGE_ACTIONS.stream().collect(java.util.stream.Collectors.toMap(action -> action, action -> message)),
                message,
                function(OtterFunction.DISCONNECT, new DisconnectHandler(services)));
    }

    private static <I, O> LambdaFunction<I, O> function(OtterFunction which, RequestHandler<I, O> handler) {
        return new LambdaFunction<>("otter-" + which.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), handler);
    }
}
