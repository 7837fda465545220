package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.DeploymentCapacity;
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
    void stage_isThrottledForTheDeploymentsCapacity_andConnectsHaveASmallerThrottleOfTheirOwn() {
        for (TestApps.Built built : List.of(TestApps.plain(), TestApps.withDomains())) {
            DeploymentCapacity capacity = built == TestApps.plain() ? DeploymentCapacity.DEFAULT : TestApps.SMALL;
            int participants = capacity.concurrentParticipants();
            Map<String, Object> stage = Templates.only(built.template(OtterStacks::signaling), "AWS::ApiGatewayV2::Stage",
                    Map.of("StageName", "prod"));

            // messages: 2 a second per participant, a burst of 5 each; $connect: a tenth of them a second, all at once.
            assertThat(stage).containsEntry("DefaultRouteSettings", Map.of(
                    "ThrottlingRateLimit", 2 * participants, "ThrottlingBurstLimit", 5 * participants));
            assertThat(stage).containsEntry("RouteSettings", Map.of("$connect", Map.of(
                    "ThrottlingRateLimit", participants / 10, "ThrottlingBurstLimit", participants)));
        }
        assertThat(TestApps.SMALL).isNotEqualTo(DeploymentCapacity.DEFAULT);
    }

    @Test
    void theStage_isCreatedAfterTheConnectRoute_itsRouteSettingsName() {
        Template template = template();
        String connectRoute = template.findResources("AWS::ApiGatewayV2::Route",
                Map.of("Properties", Map.of("RouteKey", "$connect"))).keySet().iterator().next();
        Map<String, Map<String, Object>> stages = template.findResources("AWS::ApiGatewayV2::Stage");

        assertThat(stages.values().iterator().next().get("DependsOn").toString()).contains(connectRoute);
    }

    @Test
    void messageBudgetsTable_isKeyedBySender_withTtl_andIsNeverRetained() {
        for (TestApps.Built built : List.of(TestApps.plain(), TestApps.withDomains())) {
            Map<String, Map<String, Object>> tables = built.template(OtterStacks::signaling).findResources("AWS::DynamoDB::Table",
                    Map.of("Properties", Map.of("KeySchema", List.of(Map.of("AttributeName", "sender", "KeyType", "HASH")))));
            assertThat(tables).hasSize(1);
            Map<String, Object> table = tables.values().iterator().next();
            assertThat(table).containsEntry("DeletionPolicy", "Delete");
            assertThat(Templates.properties(table)).containsEntry("TimeToLiveSpecification",
                    Map.of("AttributeName", "ttl", "Enabled", true));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void roomsTable_keyedByRoomId_withTtl_andOneIndexListingRoomsByCreationTime() {
        template().resourceCountIs("AWS::DynamoDB::Table", 3); // rooms, message budgets, webhooks
        Map<String, Object> table = Templates.only(template(), "AWS::DynamoDB::Table", Map.of("KeySchema", List.of(
                Map.of("AttributeName", "roomId", "KeyType", "HASH"))));
        OtterFunction.Index index = OtterFunction.Index.ROOMS_BY_CREATION;
        assertThat(table).containsEntry("TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true))
                .containsEntry("BillingMode", "PAY_PER_REQUEST");
        // Only what a listing shows is copied: a seat change (most writes) touches none of it, so costs the index nothing.
        assertThat(table.get("GlobalSecondaryIndexes")).isEqualTo(List.of(Map.of(
                "IndexName", "roomsByCreation",
                "KeySchema", List.of(Map.of("AttributeName", "listing", "KeyType", "HASH"),
                        Map.of("AttributeName", "createdAt", "KeyType", "RANGE")),
                "Projection", Map.of("ProjectionType", "INCLUDE", "NonKeyAttributes", index.projected()))));
        assertThat((List<Object>) table.get("AttributeDefinitions")).contains(
                Map.of("AttributeName", "listing", "AttributeType", "S"), Map.of("AttributeName", "createdAt", "AttributeType", "N"));
    }

    @Test
    void listingRooms_mayQueryTheIndex_andNoFunctionMayScanIt() {
        List<Template> templates = List.of(template(), TestApps.plain().template(OtterStacks::api));
        List<Map<String, Object>> statements = Templates.statements(Templates.function(OtterFunction.DEVELOPER_ROOMS, templates));
        List<Map<String, Object>> onIndexes = statements.stream()
                .filter(statement -> statement.get("Resource").toString().contains("/index/")).toList();

        assertThat(onIndexes).singleElement().satisfies(statement -> {
            assertThat(Templates.actions(statement)).containsExactly("dynamodb:Query");
            assertThat(statement.get("Resource").toString()).contains("/index/roomsByCreation").doesNotContain("*");
        });
        for (OtterFunction spec : OtterFunction.values()) {
            List<Map<String, Object>> granted = Templates.statements(Templates.function(spec, templates));
            assertThat(granted).as(spec.name()).allSatisfy(statement -> assertThat(Templates.actions(statement)).doesNotContain("dynamodb:Scan"));
            if (spec.indexes().isEmpty()) {
                assertThat(granted).as(spec.name()).noneMatch(statement -> statement.get("Resource").toString().contains("/index/"));
            }
        }
    }

    @Test
    void theRoomsTable_isDeletedWithTheStack_unlessDataIsRetained() {
        Map<String, Object> rooms = Map.of("Properties", Map.of("KeySchema", List.of(Map.of("AttributeName", "roomId", "KeyType", "HASH"))));
        assertThat(TestApps.plain().template(OtterStacks::signaling).findResources("AWS::DynamoDB::Table", rooms).values())
                .singleElement().satisfies(table -> assertThat(table).containsEntry("DeletionPolicy", "Delete"));
        assertThat(TestApps.withDomains().template(OtterStacks::signaling).findResources("AWS::DynamoDB::Table", rooms).values())
                .singleElement().satisfies(table -> assertThat(table).containsEntry("DeletionPolicy", "Retain"));
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

    /** joined carries TURN credentials: the message handler reads the TURN secret, from the TURN stack, and no other. */
    @Test
    void messageFunction_mayReadExactlyTheRoomTokenAndTurnSecrets_andPutRelayRevocations() {
        Templates.FunctionResource message = Templates.function(OtterFunction.MESSAGE, List.of(template()));
        List<Map<String, Object>> statements = Templates.statements(message);

        List<String> secrets = statements.stream()
                .filter(statement -> Templates.actions(statement).contains("secretsmanager:GetSecretValue"))
                .map(statement -> statement.get("Resource").toString()).toList();
        assertThat(secrets).hasSize(2);
        assertThat(secrets).anySatisfy(resource -> assertThat(resource).contains("JwtSecret"));
        assertThat(secrets).anySatisfy(resource -> assertThat(resource).contains("Fn::ImportValue").contains("OtterTurn").contains("TurnSecret"));
        assertThat(statements.stream().filter(statement -> statement.get("Resource").toString().contains("RelayRevocationsTable"))
                .flatMap(statement -> Templates.actions(statement).stream())).containsExactly("dynamodb:PutItem");
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) message.properties().get("Environment")).get("Variables");
        assertThat(variables).containsKeys("OTTER_TURN_SECRET_ARN", "OTTER_TURN_HOST", "OTTER_RELAY_REVOCATIONS_TABLE");
    }
}
