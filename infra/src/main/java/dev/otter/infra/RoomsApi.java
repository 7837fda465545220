package dev.otter.infra;

import dev.otter.config.OtterAuthorizer;
import dev.otter.config.OtterFunction;
import dev.otter.config.OtterRoute;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaResponseType;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The HTTP API (docs/http-api.md), built from the route table {@link OtterRoute}: developer routes behind the
 * API-key authorizer, room routes behind the room-token authorizer, CORS open to the web app and the sites a
 * deployment names for its own UI.
 */
public final class RoomsApi extends Construct {
    private final HttpApi api;

    /**
     * @param handlers the invocation targets (aliases) of the HTTP functions and both authorizers
     * @param corsOrigins the origins (scheme and host, no path) browsers may call the API from: the web app's
     *     own and those of sites that build their own UI on the SDK
     * @param throttle steady-state and burst request rates of the stage
     * @param logRemoval what happens to the access log group when the stack is deleted
     */
    public RoomsApi(Construct scope, String id, Map<OtterFunction, IFunction> handlers, List<String> corsOrigins,
            ThrottleSettings throttle, RemovalPolicy logRemoval) {
        super(scope, id);
        api = HttpApi.Builder.create(this, "Resource")
                .description("Otter HTTP API")
                .createDefaultStage(false)
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(corsOrigins)
                        .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.DELETE,
                                CorsHttpMethod.OPTIONS))
                        .allowHeaders(List.of("Authorization", "Content-Type", "x-api-key", OtterRoute.SEAT_HEADER))
                        .maxAge(Duration.days(1))
                        .build())
                .build();
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(LambdaFactory.LOG_RETENTION)
                .removalPolicy(logRemoval)
                .build();
        HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(throttle)
                .accessLogSettings(accessLogSettings(new LogGroupLogDestination(accessLogs)))
                .build();

        Map<OtterAuthorizer, HttpLambdaAuthorizer> authorizers = new EnumMap<>(OtterAuthorizer.class);
        for (OtterRoute route : OtterRoute.of(OtterRoute.Api.HTTP)) {
            HttpLambdaAuthorizer authorizer = authorizers.computeIfAbsent(route.authorizer(),
                    which -> authorizer(which, handlers));
            // One integration per route: each route then carries its own invoke permission.
            api.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(new HttpLambdaIntegration(LambdaFactory.constructId(route.name()),
                            handlers.get(route.function())))
                    .authorizer(authorizer)
                    .build());
        }
    }

    private static HttpLambdaAuthorizer authorizer(OtterAuthorizer which, Map<OtterFunction, IFunction> handlers) {
        OtterAuthorizer.IdentitySource source = which.identitySource();
        return new HttpLambdaAuthorizer(LambdaFactory.constructId(which.function()), handlers.get(which.function()),
                HttpLambdaAuthorizerProps.builder()
                        .responseTypes(List.of(HttpLambdaResponseType.SIMPLE))
                        .identitySource(source == null ? List.of() : List.of(source.expression(OtterRoute.Api.HTTP)))
                        .resultsCacheTtl(Duration.seconds(which.cacheSeconds()))
                        .build());
    }

    /** The API's https URL without a trailing slash, as config.json and the CLI use it. */
    public String url() {
        return api.getApiEndpoint();
    }

    public HttpApi api() {
        return api;
    }

    /** Request id, time, route, status and errors: enough to trace a failure, and no IP, header or query. */
    private static IAccessLogSettings accessLogSettings(IAccessLogDestination destination) {
        AccessLogFormat format = AccessLogFormat.custom("{\"requestId\":\"$context.requestId\","
                + "\"time\":\"$context.requestTime\",\"route\":\"$context.routeKey\",\"status\":\"$context.status\","
                + "\"latencyMs\":\"$context.responseLatency\",\"error\":\"$context.error.message\","
                + "\"authorizerError\":\"$context.authorizer.error\","
                + "\"integrationError\":\"$context.integrationErrorMessage\"}");
        return new IAccessLogSettings() {
            @Override
            public IAccessLogDestination getDestination() {
                return destination;
            }

            @Override
            public AccessLogFormat getFormat() {
                return format;
            }
        };
    }
}
