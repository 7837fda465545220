package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.OtterFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ApiStackTest {
    private static Template template() {
        return TestApps.plain().template(OtterStacks::api);
    }

    @Test
    void routes_reachTheirHandlersThroughTheirAliases() {
        Template template = template();
        Map<String, OtterFunction> expected = Map.of(
                "POST /createRoom", OtterFunction.CREATE_ROOM,
                "GET /rooms/{id}", OtterFunction.DEVELOPER_ROOMS,
                "DELETE /rooms/{id}", OtterFunction.DEVELOPER_ROOMS,
                "POST /apiKeys/rotate", OtterFunction.ROTATE_API_KEY,
                "GET /room/{id}", OtterFunction.GET_ROOM,
                "GET /credentials", OtterFunction.CREDENTIALS);
        Map<String, Map<String, Object>> routes = template.findResources("AWS::ApiGatewayV2::Route");
        assertThat(routes.values().stream().map(route -> Templates.properties(route).get("RouteKey")))
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        Map<String, Map<String, Object>> integrations = template.findResources("AWS::ApiGatewayV2::Integration");
        routes.values().forEach(route -> {
            Map<String, Object> properties = Templates.properties(route);
            String target = properties.get("Target").toString();
            String uri = integrations.entrySet().stream().filter(entry -> target.contains(entry.getKey()))
                    .map(entry -> Templates.properties(entry.getValue()).get("IntegrationUri").toString()).findFirst().orElseThrow();
            OtterFunction handler = expected.get(properties.get("RouteKey").toString());
            assertThat(uri).contains(SignalingStackTest.aliasOf(template, Templates.function(handler, List.of(template)).logicalId()));
        });
    }

    @Test
    void developerRoutes_useTheApiKeyAuthorizer_andRoomRoutesTheRoomTokenAuthorizer() {
        Template template = template();
        Map<String, Map<String, Object>> authorizers = template.findResources("AWS::ApiGatewayV2::Authorizer");
        template.findResources("AWS::ApiGatewayV2::Route").values().forEach(route -> {
            Map<String, Object> properties = Templates.properties(route);
            String key = properties.get("RouteKey").toString();
            String authorizer = authorizers.entrySet().stream()
                    .filter(entry -> properties.get("AuthorizerId").toString().contains(entry.getKey()))
                    .map(entry -> Templates.properties(entry.getValue()).get("Name").toString()).findFirst().orElseThrow();
            assertThat(properties).containsEntry("AuthorizationType", "CUSTOM");
            assertThat(authorizer).as(key).isEqualTo(key.contains("/room/") || key.contains("/credentials")
                    ? "RoomTokenAuthorizer" : "ApiKeyAuthorizer");
        });
    }

    @Test
    void apiKeyAuthorizer_givesSimpleResponses_withNoIdentitySourceAndNoCache() {
        Map<String, Object> authorizer = Templates.only(template(), "AWS::ApiGatewayV2::Authorizer", Map.of("Name", "ApiKeyAuthorizer"));
        assertThat(authorizer).containsEntry("EnableSimpleResponses", true)
                .containsEntry("AuthorizerPayloadFormatVersion", "2.0")
                .containsEntry("AuthorizerResultTtlInSeconds", 0);
        assertThat((List<?>) authorizer.getOrDefault("IdentitySource", List.of())).isEmpty();
    }

    @Test
    void roomTokenAuthorizer_givesSimpleResponses_cachedOnTheAuthorizationHeader() {
        template().hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("Name", "RoomTokenAuthorizer",
                "EnableSimpleResponses", true, "IdentitySource", List.of("$request.header.Authorization"),
                "AuthorizerResultTtlInSeconds", 300));
    }

    @Test
    @SuppressWarnings("unchecked")
    void cors_allowsOnlyTheWebAppOrigin() {
        Map<String, Object> api = Templates.only(template(), "AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP"));
        @SuppressWarnings("unchecked")
        Map<String, Object> cors = (Map<String, Object>) api.get("CorsConfiguration");
        assertThat((List<?>) cors.get("AllowOrigins")).hasSize(1);
        assertThat(cors.get("AllowOrigins").toString()).contains("https://").contains("OtterFrontend").doesNotContain("\"*\"");
        assertThat((List<Object>) cors.get("AllowMethods")).containsExactlyInAnyOrder("GET", "POST", "DELETE", "OPTIONS");
        assertThat((List<Object>) cors.get("AllowHeaders")).containsExactlyInAnyOrder("Authorization", "Content-Type", "x-api-key");
    }

    @Test
    void defaultStage_isThrottledAndAccessLoggedWithoutAddresses() {
        Map<String, Object> stage = Templates.only(template(), "AWS::ApiGatewayV2::Stage", Map.of("StageName", "$default"));
        assertThat(stage).containsEntry("DefaultRouteSettings", Map.of("ThrottlingRateLimit", 100, "ThrottlingBurstLimit", 200));
        assertThat(stage.get("AccessLogSettings").toString()).contains("$context.requestId").doesNotContain("sourceIp");
    }

    @Test
    void apiKeysTable_isKeyedByKeyHash_withTtl() {
        template().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "keyHash", "KeyType", "HASH")),
                "TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true)));
    }

    @Test
    void siteDeployment_uploadsTheAppWithConfigJsonOfBothEndpoints_andInvalidatesTheDistribution() {
        Map<String, Object> deployment = Templates.only(template(), "Custom::CDKBucketDeployment", Map.of());
        assertThat((List<?>) deployment.get("SourceObjectKeys")).hasSize(2);
        assertThat(deployment.get("DestinationBucketName").toString()).contains("OtterFrontend");
        assertThat(deployment.get("DistributionId").toString()).contains("OtterFrontend");
        assertThat(deployment.get("DistributionPaths")).isEqualTo(List.of("/*"));
        String markers = deployment.get("SourceMarkers").toString();
        assertThat(markers).contains("ApiEndpoint").contains("wss://").contains("/prod").contains("OtterSignaling");
    }

    @Test
    void firstApiKey_isMintedByACustomResourceThatMayOnlyPutIntoTheKeysTableAndOwnItsSecret() {
        Template template = template();
        Map<String, Object> resource = Templates.only(template, "Custom::OtterFirstApiKey", Map.of());
        assertThat(resource.get("SecretName").toString()).contains("first-api-key");
        Map<String, Object> handler = Templates.only(template, "AWS::Lambda::Function", Map.of("Handler", "index.handler", "Runtime", "nodejs24.x"));
        assertThat(handler.get("Code").toString()).contains("otr_").contains("sha256").contains("ForceDeleteWithoutRecovery");
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Action", "dynamodb:PutItem")))))))));
    }
}
