package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.OtterEnv;
import dev.otter.config.OtterFunction;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Template;

/**
 * Every entry of the handler catalog, checked against the synthesized stacks: a new entry cannot be
 * forgotten, and no function gets a variable, table or secret its entry does not name.
 */
class FunctionCatalogTest {
    private static final Set<String> READ_ONLY = Set.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem");
    private static final Set<String> WRITES = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");

    private static List<Template> templates(TestApps.Built built) {
        return List.of(built.template(OtterStacks::signaling), built.template(OtterStacks::api));
    }

    @Test
    void everyCatalogEntry_isDeployedByExactlyOneStack() {
        Set<OtterFunction> both = EnumSet.copyOf(SignalingStack.FUNCTIONS);
        both.retainAll(ApiStack.FUNCTIONS);
        Set<OtterFunction> all = EnumSet.copyOf(SignalingStack.FUNCTIONS);
        all.addAll(ApiStack.FUNCTIONS);
        assertThat(both).isEmpty();
        assertThat(all).containsExactlyInAnyOrder(OtterFunction.values());
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void function_runsJava21OnArm64WithMeasuredMemoryAndSnapStart(OtterFunction spec) {
        Map<String, Object> properties = Templates.function(spec, templates(TestApps.plain())).properties();
        assertThat(properties).containsEntry("Runtime", "java21")
                .containsEntry("Architectures", List.of("arm64"))
                .containsEntry("MemorySize", LambdaFactory.MEMORY_MB)
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void function_setsExactlyTheVariablesItsHandlerReads_withoutUnconfiguredOptionalOnes(OtterFunction spec) {
        Set<String> expected = new HashSet<>(spec.environment());
        expected.removeAll(OtterEnv.OPTIONAL);
        assertThat(variables(spec, TestApps.plain())).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void function_setsTheTurnTlsHostToo_whenATurnCertificateIsConfigured(OtterFunction spec) {
        Set<String> expected = new HashSet<>(spec.environment());
        expected.remove(OtterEnv.AWS_REGION);
        assertThat(variables(spec, TestApps.withDomains())).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void function_mayReadOrWriteExactlyTheTablesItsEntryNames(OtterFunction spec) {
        List<Map<String, Object>> statements = Templates.statements(Templates.function(spec, templates(TestApps.plain())));
        for (OtterFunction.Table table : OtterFunction.Table.values()) {
            Set<String> granted = new HashSet<>();
            statements.stream()
                    .filter(statement -> statement.get("Resource").toString().contains(tableConstruct(table)))
                    .forEach(statement -> granted.addAll(Templates.actions(statement)));
            OtterFunction.Access access = spec.tables().get(table);
            assertThat(granted).as("%s on %s: no handler lists a table", spec, table).doesNotContain("dynamodb:Scan");
            if (access == null) {
                assertThat(granted).as("%s on %s", spec, table).isEmpty();
            } else if (access == OtterFunction.Access.READ) {
                assertThat(granted).as("%s on %s", spec, table).containsAll(READ_ONLY).doesNotContainAnyElementsOf(WRITES);
            } else if (access == OtterFunction.Access.PUT) {
                assertThat(granted).as("%s on %s", spec, table).containsExactly("dynamodb:PutItem");
            } else {
                assertThat(granted).as("%s on %s", spec, table).containsAll(READ_ONLY).containsAll(WRITES);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void function_mayGetExactlyTheSecretsItsEntryNames(OtterFunction spec) {
        List<Map<String, Object>> statements = Templates.statements(Templates.function(spec, templates(TestApps.plain())));
        List<String> secretResources = statements.stream()
                .filter(statement -> Templates.actions(statement).stream().anyMatch(action -> action.startsWith("secretsmanager:")))
                .peek(statement -> assertThat(Templates.actions(statement)).containsExactly("secretsmanager:GetSecretValue"))
                .map(statement -> statement.get("Resource").toString())
                .toList();
        assertThat(secretResources).hasSize(spec.secretArnVariables().size());
        assertThat(secretResources.stream().anyMatch(resource -> resource.contains("JwtSecret")))
                .isEqualTo(spec.secretArnVariables().contains(OtterEnv.JWT_SECRET_ARN));
        assertThat(secretResources.stream().anyMatch(resource -> resource.contains("TurnSecret")))
                .isEqualTo(spec.secretArnVariables().contains(OtterEnv.TURN_SECRET_ARN));
        assertThat(secretResources).noneMatch(resource -> resource.contains("\"*\"") || resource.equals("*"));
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void function_mayManageConnectionsOfTheSignalingStageOnly_whenItsEntrySaysSo(OtterFunction spec) {
        List<Map<String, Object>> manage = Templates.statements(Templates.function(spec, templates(TestApps.plain()))).stream()
                .filter(statement -> Templates.actions(statement).contains("execute-api:ManageConnections"))
                .toList();
        if (spec.managesConnections()) {
            assertThat(manage).hasSize(1);
            assertThat(manage.get(0).get("Resource").toString())
                    .contains("Signaling").contains("/" + SignalingApi.STAGE + "/*/@connections/*");
        } else {
            assertThat(manage).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void function_logsToItsOwnGroupWithRetention(OtterFunction spec) {
        Templates.FunctionResource function = Templates.function(spec, templates(TestApps.plain()));
        @SuppressWarnings("unchecked")
        Map<String, Object> logging = (Map<String, Object>) function.properties().get("LoggingConfig");
        String logGroup = logging.get("LogGroup").toString();
        Map<String, Map<String, Object>> groups = function.template().findResources("AWS::Logs::LogGroup");
        String groupId = groups.keySet().stream().filter(logGroup::contains).findFirst().orElseThrow();
        assertThat(Templates.properties(groups.get(groupId))).containsEntry("RetentionInDays", 30);
        assertThat(groups.get(groupId)).containsEntry("DeletionPolicy", "Delete");
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void function_isInvokedThroughItsLiveAliasOnAPublishedVersion(OtterFunction spec) {
        Templates.FunctionResource function = Templates.function(spec, templates(TestApps.plain()));
        Map<String, Map<String, Object>> versions = function.template().findResources("AWS::Lambda::Version");
        String versionId = versions.entrySet().stream()
                .filter(entry -> Templates.properties(entry.getValue()).get("FunctionName").toString().contains(function.logicalId()))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, Map<String, Object>> aliases = function.template().findResources("AWS::Lambda::Alias");
        String aliasId = aliases.entrySet().stream()
                .filter(entry -> Templates.properties(entry.getValue()).get("FunctionVersion").toString().contains(versionId))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(Templates.properties(aliases.get(aliasId))).containsEntry("Name", LambdaFactory.ALIAS);
        String invokers = function.template().findResources("AWS::ApiGatewayV2::Integration").toString()
                + function.template().findResources("AWS::ApiGatewayV2::Authorizer")
                + function.template().findResources("AWS::Lambda::EventSourceMapping")
                + function.template().findResources("AWS::Events::Rule");
        assertThat(invokers).contains(aliasId).doesNotContain("\"" + function.logicalId() + "\"");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> variables(OtterFunction spec, TestApps.Built built) {
        Map<String, Object> environment = (Map<String, Object>) Templates.function(spec, templates(built)).properties().get("Environment");
        return ((Map<String, Object>) environment.get("Variables")).keySet();
    }

    private static String tableConstruct(OtterFunction.Table table) {
        return LambdaFactory.constructId(table.name()) + "Table";
    }
}
