package dev.otter.infra;

import dev.otter.config.DeploymentCapacity;
import dev.otter.config.OtterAuthorizer;
import dev.otter.config.OtterFunction;
import dev.otter.config.OtterRoute;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRoute;
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
    static final String CONNECT = "$connect";

    private final WebSocketApi api;
    private final WebSocketStage stage;
    private final DeploymentCapacity capacity;

    /**
     * @param capacity the stage's default route throttle is {@link DeploymentCapacity#messages()} (every route but
     *                 {@code $connect}, which gets the smaller {@link DeploymentCapacity#connects()} of its own)
     */
    public SignalingApi(Construct scope, String id, DeploymentCapacity capacity) {
        super(scope, id);
        this.capacity = capacity;
        api = WebSocketApi.Builder.create(this, "Resource")
                .description("Otter signaling")
                .routeSelectionExpression(OtterRoute.WEBSOCKET_ROUTE_SELECTION)
                .build();
        stage = WebSocketStage.Builder.create(this, "Stage")
                .webSocketApi(api)
                .stageName(STAGE)
                .autoDeploy(true)
                .throttle(Throttles.of(capacity.messages()))
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
            WebSocketRoute added = api.addRoute(route.routeKey(), options.build());
            if (route.routeKey().equals(CONNECT)) throttleConnects(added);
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

    /**
     * {@code $connect} gets a throttle of its own, below the messages': a flood of connects (garbage tokens are
     * refused only after the authorizer ran) then spends its own bucket and leaves {@code $default} alone. Route
     * settings name the route by key, so the stage must be created after the route.
     */
    private void throttleConnects(WebSocketRoute connect) {
        DeploymentCapacity.Throttle connects = capacity.connects();
        CfnStage cfnStage = (CfnStage) stage.getNode().getDefaultChild();
        ThrottleSettings settings = Throttles.of(connects);
        // RouteSettings is a JSON-typed property: CloudFormation's own key names, not a generated struct (whose
        // camel-case keys would reach the template as they are).
        cfnStage.setRouteSettings(Map.of(CONNECT, Map.of(
                "ThrottlingRateLimit", settings.getRateLimit(),
                "ThrottlingBurstLimit", settings.getBurstLimit())));
        cfnStage.addDependency((CfnResource) connect.getNode().getDefaultChild());
    }

    public WebSocketApi api() {
        return api;
    }

    /** The stage: {@code getUrl()} is the wss URL clients use, {@code getCallbackUrl()} the management endpoint. */
    public WebSocketStage stage() {
        return stage;
    }
}
