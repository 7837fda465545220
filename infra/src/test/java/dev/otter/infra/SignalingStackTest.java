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
