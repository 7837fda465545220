package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.OtterFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class SignalingStackTest {
    private static Template template() {
        return TestApps.plain().template(OtterStacks::signaling);
    }

    @Test
    void webSocketApi_selectsRoutesByTheMessageAction() {
        template().hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of(
                "ProtocolType", "WEBSOCKET", "RouteSelectionExpression", "$request.body.action"));
    }

    @Test
    void webSocketApi_hasExactlyTheProtocolRoutes() {
        List<Object> keys = template().findResources("AWS::ApiGatewayV2::Route").values().stream()
                .map(route -> Templates.properties(route).get("RouteKey")).toList();
        assertThat(keys).containsExactlyInAnyOrder("$connect", "$disconnect", "$default", "join", "signal", "ping", "remove");
    }

    @Test
    void connectAuthorizer_isARequestAuthorizerOnTheQueryStringToken() {
        template().hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "AuthorizerType", "REQUEST", "IdentitySource", List.of("route.request.querystring.token")));
    }

    @Test
    void connectRoute_isTheOnlyAuthorizedRoute() {
        Map<String, Map<String, Object>> routes = template().findResources("AWS::ApiGatewayV2::Route");
        routes.values().forEach(route -> {
            Map<String, Object> properties = Templates.properties(route);
            String expected = properties.get("RouteKey").equals("$connect") ? "CUSTOM" : "NONE";
            assertThat(properties.getOrDefault("AuthorizationType", "NONE")).as("%s", properties.get("RouteKey")).isEqualTo(expected);
        });
    }

    @Test
    void everyRouteButConnectAndDisconnect_reachesTheMessageHandler() {
        Template template = template();
        String message = Templates.function(OtterFunction.MESSAGE, List.of(template)).logicalId();
        Map<String, Map<String, Object>> integrations = template.findResources("AWS::ApiGatewayV2::Integration");
        template.findResources("AWS::ApiGatewayV2::Route").values().forEach(route -> {
            Map<String, Object> properties = Templates.properties(route);
            String key = properties.get("RouteKey").toString();
            String target = properties.get("Target").toString();
            String integration = integrations.entrySet().stream().filter(entry -> target.contains(entry.getKey()))
                    .map(entry -> Templates.properties(entry.getValue()).get("IntegrationUri").toString()).findFirst().orElseThrow();
            OtterFunction expected = switch (key) {
                case "$connect" -> OtterFunction.CONNECT;
                case "$disconnect" -> OtterFunction.DISCONNECT;
                default -> OtterFunction.MESSAGE;
            };
            String alias = aliasOf(template, Templates.function(expected, List.of(template)).logicalId());
            assertThat(integration).as(key).contains(alias);
            if (expected == OtterFunction.MESSAGE) {
                assertThat(integration).doesNotContain("\"" + message + "\"");
            }
        });
    }

    @Test
    void stage_isThrottled() {
        template().hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageName", "prod", "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 200, "ThrottlingBurstLimit", 400)));
    }

    @Test
    void roomsTable_isTheOnlyTable_keyedByRoomId_withTtlAndNoIndex() {
        template().resourceCountIs("AWS::DynamoDB::Table", 1);
        Map<String, Object> table = Templates.only(template(), "AWS::DynamoDB::Table", Map.of("KeySchema", List.of(
                Map.of("AttributeName", "roomId", "KeyType", "HASH"))));
        assertThat(table).containsEntry("TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true))
                .containsEntry("BillingMode", "PAY_PER_REQUEST")
                .doesNotContainKey("GlobalSecondaryIndexes");
    }

    @Test
    void tables_areDeletedWithTheStack_unlessDataIsRetained() {
        TestApps.plain().template(OtterStacks::signaling).allResources("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
        TestApps.withDomains().template(OtterStacks::signaling).allResources("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain"));
    }

    @Test
    void jwtSecret_isGeneratedBySecretsManager() {
        template().hasResourceProperties("AWS::SecretsManager::Secret", Map.of("GenerateSecretString",
                Match.objectLike(Map.of("PasswordLength", 64, "ExcludePunctuation", true))));
    }

    static String aliasOf(Template template, String functionId) {
        Map<String, Map<String, Object>> versions = template.findResources("AWS::Lambda::Version");
        String version = versions.entrySet().stream()
                .filter(entry -> Templates.properties(entry.getValue()).get("FunctionName").toString().contains(functionId))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        return template.findResources("AWS::Lambda::Alias").entrySet().stream()
                .filter(entry -> Templates.properties(entry.getValue()).get("FunctionVersion").toString().contains(version))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }
}
