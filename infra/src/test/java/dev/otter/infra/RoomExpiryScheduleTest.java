package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.OtterFunction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The schedule that runs the expiry sweep, the function it invokes, and what that function may do. */
class RoomExpiryScheduleTest {
    private static Template signaling() {
        return TestApps.plain().template(OtterStacks::signaling);
    }

    private static Templates.FunctionResource sweep() {
        return Templates.function(OtterFunction.ROOM_EXPIRY, List.of(signaling(), TestApps.plain().template(OtterStacks::api)));
    }

    private static String liveAliasOf(Templates.FunctionResource function) {
        Map<String, Map<String, Object>> aliases = function.template().findResources("AWS::Lambda::Alias", Match.objectLike(Map.of(
                "Properties", Map.of("Name", LambdaFactory.ALIAS, "FunctionName", Map.of("Ref", function.logicalId())))));
        assertThat(aliases).hasSize(1);
        return aliases.keySet().iterator().next();
    }

    @Test
    void aRule_invokesTheSweepsLiveAlias_everyMinute() {
        Templates.FunctionResource sweep = sweep();
        Map<String, Object> rule = Templates.only(sweep.template(), "AWS::Events::Rule",
                Map.of("ScheduleExpression", "rate(1 minute)"));

        assertThat(rule).containsEntry("State", "ENABLED");
        assertThat(rule.get("Targets").toString()).contains(liveAliasOf(sweep));
    }

    @Test
    void eventBridge_mayInvokeTheLiveAlias_forThatRuleOnly() {
        Templates.FunctionResource sweep = sweep();
        String ruleId = sweep.template().findResources("AWS::Events::Rule").keySet().iterator().next();
        Map<String, Object> permission = Templates.only(sweep.template(), "AWS::Lambda::Permission",
                Map.of("Principal", "events.amazonaws.com"));

        assertThat(permission.get("FunctionName").toString()).contains(liveAliasOf(sweep));
        assertThat(permission.get("SourceArn").toString()).contains(ruleId);
    }

    @Test
    void sweep_queriesTheRoomsByCreationIndexOnly_andNeverScans() {
        List<Map<String, Object>> statements = Templates.statements(sweep());
        List<Map<String, Object>> onIndexes = statements.stream()
                .filter(statement -> statement.get("Resource").toString().contains("/index/")).toList();
        Set<String> dynamo = statements.stream().flatMap(statement -> Templates.actions(statement).stream())
                .filter(action -> action.startsWith("dynamodb:")).collect(Collectors.toSet());

        assertThat(onIndexes).singleElement().satisfies(statement -> {
            assertThat(Templates.actions(statement)).containsExactly("dynamodb:Query");
            assertThat(statement.get("Resource").toString())
                    .contains("/index/" + OtterFunction.Index.ROOMS_BY_CREATION.name()).doesNotContain("*");
        });
        assertThat(dynamo).contains("dynamodb:UpdateItem", "dynamodb:GetItem")
                .doesNotContain("dynamodb:Scan", "dynamodb:DeleteTable", "dynamodb:*");
    }
}
