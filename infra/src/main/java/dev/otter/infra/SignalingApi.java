package dev.otter.infra;

import dev.otter.config.OtterAuthorizer;
import dev.otter.config.OtterFunction;
import dev.otter.config.OtterRoute;
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
 * The signaling WebSocket API, built from the route table {@link OtterRoute}: authorizes only {@code $connect}
 * (the room token from the query string); every client action arrives on {@code $default}.
 */
public final class SignalingApi extends Construct {
    public static final String STAGE = "prod";

    private final WebSocketApi api;
    private final WebSocketStage stage;

    /** @param throttle steady-state and burst request rates of the stage */
    public SignalingApi(Construct scope, String id, ThrottleSettings throttle) {
        super(scope, id);
        api = WebSocketApi.Builder.create(this, "Resource")
                .description("Otter signaling")
                .routeSelectionExpression(OtterRoute.WEBSOCKET_ROUTE_SELECTION)
                .build();
        stage = WebSocketStage.Builder.create(this, "Stage")
                .webSocketApi(api)
                .stageName(STAGE)
                .autoDeploy(true)
                .throttle(throttle)
                .build();
    }

    /**
     * Adds every WebSocket route of the table. Separate from the constructor because the handlers need the
     * stage first (their management endpoint and grant).
     *
     * @param handlers the invocation targets (aliases) of the WebSocket functions and the $connect authorizer
     */
    public void route(Map<OtterFunction, IFunction> handlers) {
        for (OtterRoute route : OtterRoute.of(OtterRoute.Api.WEBSOCKET)) {
            // One integration per route: CDK grants API Gateway the invoke permission only for the first route
            // an integration is bound to (aws/aws-cdk#21080), so a shared one would leave the others refused.
            WebSocketRouteOptions.Builder options = WebSocketRouteOptions.builder()
                    .integration(new WebSocketLambdaIntegration(LambdaFactory.constructId(route.name()),
                            handlers.get(route.function())));
            if (route.authorizer() != null) {
                OtterAuthorizer authorizer = route.authorizer();
                options.authorizer(new WebSocketLambdaAuthorizer(LambdaFactory.constructId(authorizer.function()),
                        handlers.get(authorizer.function()), WebSocketLambdaAuthorizerProps.builder()
                                .identitySource(List.of(authorizer.identitySource().expression(OtterRoute.Api.WEBSOCKET)))
                                .build()));
            }
            api.addRoute(route.routeKey(), options.build());
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
