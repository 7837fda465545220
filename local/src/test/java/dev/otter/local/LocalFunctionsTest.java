package dev.otter.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.adapter.dynamodb.TableNames;
import dev.otter.config.OtterFunction;
import dev.otter.config.OtterRoute;
import dev.otter.core.port.PeerMessenger;
import dev.otter.lambda.OtterServices;
import dev.otter.local.gateway.HttpRoute;
import dev.otter.local.gateway.WebSocketRoutes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The local gateway serves exactly the deployed route table, with the handler classes Lambda would load. */
class LocalFunctionsTest {
    // Building handlers sends no request, so the client may point at a port nothing listens on.
    private static final OtterServices SERVICES = OtterServices.builder()
            .dynamoDb(DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                    .region(Region.EU_CENTRAL_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build())
            .tables(TableNames.withPrefix("otter-test-"))
            .peerMessenger(new PeerMessenger() {
                @Override
                public void send(String connectionId, String json) { }

                @Override
                public void disconnect(String connectionId) { }
            })
            .jwtSecret("local-functions-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8))
            .withoutTurn()
            .webAppUrl("http://127.0.0.1:8080")
            .webhookQueue((message, delay) -> { })
            .build();

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void everyFunction_runsTheHandlerClassTheLambdaRuntimeLoads(OtterFunction which) {
        assertThat(LocalFunctions.handler(which, SERVICES).getClass().getName()).isEqualTo(which.handlerClass());
    }

    @Test
    void httpGateway_mountsExactlyTheTablesHttpRoutes_withTheirAuthorizers() {
        List<HttpRoute> mounted = new LocalFunctions(SERVICES).httpRoutes();

        assertThat(mounted).extracting(HttpRoute::routeKey).containsExactlyElementsOf(
                OtterRoute.of(OtterRoute.Api.HTTP).stream().map(OtterRoute::routeKey).toList());
        for (int i = 0; i < mounted.size(); i++) {
            OtterRoute route = OtterRoute.of(OtterRoute.Api.HTTP).get(i);
            HttpRoute local = mounted.get(i);
            assertThat(local.integration().handler().getClass().getName()).isEqualTo(route.function().handlerClass());
            assertThat(local.authorizer().function().handler().getClass().getName())
                    .isEqualTo(route.authorizer().function().handlerClass());
            assertThat(local.authorizer().identityHeader()).isEqualTo(java.util.Optional.ofNullable(
                    route.authorizer().identitySource()).map(source -> source.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @Test
    void webSocketGateway_mountsConnectDefaultAndDisconnect_withTheConnectAuthorizersQueryParameter() {
        WebSocketRoutes routes = new LocalFunctions(SERVICES).webSocketRoutes();

        List<String> handlers = new ArrayList<>();
        handlers.add(routes.connect().handler().getClass().getName());
        handlers.add(routes.defaultRoute().handler().getClass().getName());
        handlers.add(routes.disconnect().handler().getClass().getName());
        assertThat(handlers).containsExactly(OtterFunction.CONNECT.handlerClass(), OtterFunction.MESSAGE.handlerClass(),
                OtterFunction.DISCONNECT.handlerClass());
        assertThat(routes.messageRoutes()).isEmpty();
        assertThat(routes.connectAuthorizer().handler().getClass().getName())
                .isEqualTo(OtterFunction.CONNECT_AUTHORIZER.handlerClass());
        assertThat(routes.identityQueryParameter()).isEqualTo(OtterRoute.CONNECT.authorizer().identitySource().name());
    }
}
