package dev.otter.infra;

import dev.otter.config.OtterFunction;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The signaling WebSocket API: routes by {@code $request.body.action}, authorizes only {@code $connect}
 * (the room token from the query string), and relays every other message through the message handler.
 */
public final class SignalingApi extends Construct {
    public static final String STAGE = "prod";
    /** Client actions (docs/signaling.md); anything else reaches {@code $default} and gets an error. */
    public static final List<String> ACTIONS = List.of("join", "signal", "ping", "remove");
    public static final String TOKEN_SOURCE = "route.request.querystring.token";

    private final WebSocketApi api;
    private final WebSocketStage stage;

    /** @param throttle steady-state and burst request rates of the stage */
    public SignalingApi(Construct scope, String id, ThrottleSettings throttle) {
        super(scope, id);
        api = WebSocketApi.Builder.create(this, "Resource")
                .description("Otter signaling")
                .routeSelectionExpression("$request.body.action")
                .build();
        stage = WebSocketStage.Builder.create(this, "Stage")
                .webSocketApi(api)
                .stageName(STAGE)
                .autoDeploy(true)
                .throttle(throttle)
                .build();
    }

    /**
     * Routes every client action to its handler. Separate from the constructor because the handlers need
     * the stage first (their management endpoint and grant).
     *
     * @param handlers the invocation targets (aliases) of CONNECT_AUTHORIZER, CONNECT, MESSAGE and DISCONNECT
     */
    public void route(Map<OtterFunction, IFunction> handlers) {
        WebSocketLambdaAuthorizer authorizer = new WebSocketLambdaAuthorizer("ConnectAuthorizer",
                handlers.get(OtterFunction.CONNECT_AUTHORIZER),
                WebSocketLambdaAuthorizerProps.builder().identitySource(List.of(TOKEN_SOURCE)).build());
        api.addRoute("$connect", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("Connect", handlers.get(OtterFunction.CONNECT)))
                .authorizer(authorizer)
                .build());
        api.addRoute("$disconnect", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("Disconnect", handlers.get(OtterFunction.DISCONNECT)))
                .build());
        WebSocketLambdaIntegration message = new WebSocketLambdaIntegration("Message", handlers.get(OtterFunction.MESSAGE));
        api.addRoute("$default", WebSocketRouteOptions.builder().integration(message).build());
        for (String action : ACTIONS) {
            api.addRoute(action, WebSocketRouteOptions.builder().integration(message).build());
        }
        NagSuppressions.addResourceSuppressions(this, List.of(
                NagPackSuppression.builder().id("AwsSolutions-APIG4")
                        .reason("A WebSocket API authorizes only $connect; every later route runs on that authorized "
                                + "connection, and the handlers take room and peer from the authorizer context.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-APIG1")
                        .reason("WebSocket access logs need the account-wide API Gateway CloudWatch role, which a "
                                + "self-hosted app must not take over in someone's account; the handlers log "
                                + "errors to their own log groups.")
                        .build()), true);
    }

    public WebSocketApi api() {
        return api;
    }

    /** The stage: {@code getUrl()} is the wss URL clients use, {@code getCallbackUrl()} the management endpoint. */
    public WebSocketStage stage() {
        return stage;
    }
}
