package dev.otter.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.otter.config.OtterAuthorizer;
import dev.otter.config.OtterFunction;
import dev.otter.config.OtterRoute;
import dev.otter.lambda.OtterServices;
import dev.otter.lambda.http.ApiKeyAuthorizer;
import dev.otter.lambda.http.ApiKeysHandler;
import dev.otter.lambda.http.CreateRoomHandler;
import dev.otter.lambda.http.CredentialsHandler;
import dev.otter.lambda.http.DeveloperRoomsHandler;
import dev.otter.lambda.http.GetRoomHandler;
import dev.otter.lambda.http.RoomLinksHandler;
import dev.otter.lambda.http.RotateApiKeyHandler;
import dev.otter.lambda.http.RoomTokenAuthorizer;
import dev.otter.lambda.http.WebhooksHandler;
import dev.otter.lambda.schedule.RoomExpiryHandler;
import dev.otter.lambda.webhook.WebhookSenderHandler;
import dev.otter.lambda.ws.ConnectAuthorizer;
import dev.otter.lambda.ws.ConnectHandler;
import dev.otter.lambda.ws.DisconnectHandler;
import dev.otter.lambda.ws.MessageHandler;
import dev.otter.local.gateway.HttpAuthorizer;
import dev.otter.local.gateway.HttpRoute;
import dev.otter.local.gateway.LambdaFunction;
import dev.otter.local.gateway.WebSocketRoutes;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The deployed route table ({@link OtterRoute}) mounted over the very handler classes that run on Lambda. Each
 * function is built once from the shared services, like a warm Lambda, and serves every route that names it.
 */
final class LocalFunctions {
    private final Map<OtterFunction, LambdaFunction<?, ?>> functions = new EnumMap<>(OtterFunction.class);

    LocalFunctions(OtterServices services) {
        for (OtterFunction which : OtterFunction.values()) {
            functions.put(which, new LambdaFunction<>(
                    "otter-" + which.name().toLowerCase(Locale.ROOT).replace('_', '-'), handler(which, services)));
        }
    }

    /** The class the Lambda runtime would load for {@code which}; a test holds it to the catalog's handler string. */
    static RequestHandler<?, ?> handler(OtterFunction which, OtterServices services) {
        return switch (which) {
            case CONNECT_AUTHORIZER -> new ConnectAuthorizer(services);
            case CONNECT -> new ConnectHandler(services);
            case MESSAGE -> new MessageHandler(services);
            case DISCONNECT -> new DisconnectHandler(services);
            case API_KEY_AUTHORIZER -> new ApiKeyAuthorizer(services);
            case ROOM_TOKEN_AUTHORIZER -> new RoomTokenAuthorizer(services);
            case CREATE_ROOM -> new CreateRoomHandler(services);
            case GET_ROOM -> new GetRoomHandler(services);
            case CREDENTIALS -> new CredentialsHandler(services);
            case DEVELOPER_ROOMS -> new DeveloperRoomsHandler(services);
            case ROTATE_API_KEY -> new RotateApiKeyHandler(services);
            case API_KEYS -> new ApiKeysHandler(services);
            case WEBHOOKS -> new WebhooksHandler(services);
            // Mounted on no route: the runner's queue runs the sender's core directly (InProcessWebhookQueue).
            case WEBHOOK_SENDER -> new WebhookSenderHandler(services);
            case ROOM_LINKS -> new RoomLinksHandler(services);
            // Mounted on no route: the runner's timer runs the sweep's core directly (LocalOtter.ROOM_EXPIRY_INTERVAL).
            case ROOM_EXPIRY -> new RoomExpiryHandler(services);
        };
    }

    List<HttpRoute> httpRoutes() {
        return OtterRoute.of(OtterRoute.Api.HTTP).stream()
                .map(route -> new HttpRoute(route.method(), route.path(), httpAuthorizer(route.authorizer()),
                        this.<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>function(route.function())))
                .toList();
    }

    WebSocketRoutes webSocketRoutes() {
        Map<String, OtterRoute> byKey = new HashMap<>();
        OtterRoute.of(OtterRoute.Api.WEBSOCKET).forEach(route -> byKey.put(route.routeKey(), route));
        OtterRoute connect = byKey.remove("$connect");
        OtterRoute disconnect = byKey.remove("$disconnect");
        OtterRoute fallback = byKey.remove("$default");
        Map<String, LambdaFunction<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> actions = new HashMap<>();
        byKey.forEach((key, route) -> actions.put(key, function(route.function())));
        OtterAuthorizer authorizer = connect.authorizer();
        if (authorizer.identitySource().location() != OtterAuthorizer.IdentitySource.Location.QUERY_STRING) {
            throw new IllegalStateException("the local gateway reads the $connect identity from the query string only");
        }
        return new WebSocketRoutes(
                this.<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1>function(authorizer.function()),
                authorizer.identitySource().name(),
                function(connect.function()), actions, function(fallback.function()), function(disconnect.function()));
    }

    private HttpAuthorizer httpAuthorizer(OtterAuthorizer authorizer) {
        LambdaFunction<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> function = function(authorizer.function());
        return Optional.ofNullable(authorizer.identitySource())
                .map(source -> {
                    if (source.location() != OtterAuthorizer.IdentitySource.Location.HEADER) {
                        throw new IllegalStateException("the local gateway reads HTTP identities from headers only");
                    }
                    return HttpAuthorizer.withIdentityHeader(function, source.name());
                })
                .orElseGet(() -> HttpAuthorizer.withoutIdentitySource(function));
    }

    /** The event and answer types are the handler class's own; {@link #handler} pairs each function with its class. */
    @SuppressWarnings("unchecked")
    private <I, O> LambdaFunction<I, O> function(OtterFunction which) {
        return (LambdaFunction<I, O>) functions.get(which);
    }
}
