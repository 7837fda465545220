package dev.otter.infra;

import dev.otter.config.OtterFunction;
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
 * The HTTP API (docs/http-api.md): developer routes behind the API-key authorizer, room routes behind the
 * room-token authorizer, CORS open to the web app's origin only.
 */
public final class RoomsApi extends Construct {
    /**
     * Room tokens are immutable until they expire, so an allow may be cached per token. API keys are not:
     * a cached allow would outlive a rotated-out key, and a key may come in either of two headers, which an
     * HTTP API would require both of if they were identity sources. So that authorizer has none and no cache.
     */
    public static final Duration ROOM_TOKEN_CACHE = Duration.seconds(300);
    public static final String ROOM_TOKEN_SOURCE = "$request.header.Authorization";

    private final HttpApi api;

    /**
     * @param handlers the invocation targets (aliases) of the HTTP functions and both authorizers
     * @param webOrigin the web app's origin (scheme and host, no path), the only origin CORS allows
     * @param throttle steady-state and burst request rates of the stage
     * @param logRemoval what happens to the access log group when the stack is deleted
     */
    public RoomsApi(Construct scope, String id, Map<OtterFunction, IFunction> handlers, String webOrigin,
            ThrottleSettings throttle, RemovalPolicy logRemoval) {
        super(scope, id);
        api = HttpApi.Builder.create(this, "Resource")
                .description("Otter HTTP API")
                .createDefaultStage(false)
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(List.of(webOrigin))
                        .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.DELETE,
                                CorsHttpMethod.OPTIONS))
                        .allowHeaders(List.of("Authorization", "Content-Type", "x-api-key"))
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

        HttpLambdaAuthorizer apiKey = new HttpLambdaAuthorizer("ApiKeyAuthorizer",
                handlers.get(OtterFunction.API_KEY_AUTHORIZER), HttpLambdaAuthorizerProps.builder()
                        .responseTypes(List.of(HttpLambdaResponseType.SIMPLE))
                        .identitySource(List.of())
                        .resultsCacheTtl(Duration.seconds(0))
                        .build());
        HttpLambdaAuthorizer roomToken = new HttpLambdaAuthorizer("RoomTokenAuthorizer",
                handlers.get(OtterFunction.ROOM_TOKEN_AUTHORIZER), HttpLambdaAuthorizerProps.builder()
                        .responseTypes(List.of(HttpLambdaResponseType.SIMPLE))
                        .identitySource(List.of(ROOM_TOKEN_SOURCE))
                        .resultsCacheTtl(ROOM_TOKEN_CACHE)
                        .build());

        route("/createRoom", List.of(HttpMethod.POST), handlers, OtterFunction.CREATE_ROOM, apiKey);
        route("/rooms/{id}", List.of(HttpMethod.GET, HttpMethod.DELETE), handlers, OtterFunction.DEVELOPER_ROOMS, apiKey);
        route("/apiKeys/rotate", List.of(HttpMethod.POST), handlers, OtterFunction.ROTATE_API_KEY, apiKey);
        route("/room/{id}", List.of(HttpMethod.GET), handlers, OtterFunction.GET_ROOM, roomToken);
        route("/credentials", List.of(HttpMethod.GET), handlers, OtterFunction.CREDENTIALS, roomToken);
    }

    /** The API's https URL without a trailing slash, as config.json and the CLI use it. */
    public String url() {
        return api.getApiEndpoint();
    }

    public HttpApi api() {
        return api;
    }

    private void route(String path, List<HttpMethod> methods, Map<OtterFunction, IFunction> handlers,
            OtterFunction handler, HttpLambdaAuthorizer authorizer) {
        api.addRoutes(AddRoutesOptions.builder()
                .path(path)
                .methods(methods)
                .integration(new HttpLambdaIntegration(LambdaFactory.constructId(handler), handlers.get(handler)))
                .authorizer(authorizer)
                .build());
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
