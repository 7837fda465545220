package dev.otter.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectDecisionTest {
    private static final String ARN = WebSocketEvents.methodArn("$connect");

    private static IamPolicyResponseV1 policy(IamPolicyResponseV1.Statement... statements) {
        return IamPolicyResponseV1.builder()
                .withPrincipalId("peer")
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                        .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(statements))
                        .build())
                .withContext(Map.of("roomId", "r1"))
                .build();
    }

    @Test
    void allows_whenAnAllowCoversTheMethodArn_includingWildcards() {
        assertThat(ConnectDecision.allows(policy(IamPolicyResponseV1.allowStatement(ARN)), ARN)).isTrue();
        assertThat(ConnectDecision.allows(policy(IamPolicyResponseV1.allowStatement("arn:aws:execute-api:*")), ARN)).isTrue();
    }

    @Test
    void refuses_whenDeniedOrNothingAllows() {
        assertThat(ConnectDecision.allows(policy(IamPolicyResponseV1.denyStatement(ARN)), ARN)).isFalse();
        assertThat(ConnectDecision.allows(policy(IamPolicyResponseV1.allowStatement(ARN), IamPolicyResponseV1.denyStatement("*")), ARN)).isFalse();
        assertThat(ConnectDecision.allows(policy(IamPolicyResponseV1.allowStatement("arn:other")), ARN)).isFalse();
        assertThat(ConnectDecision.allows(null, ARN)).isFalse();
    }

    @Test
    void context_carriesThePrincipalAndTheAuthorizersContext() {
        assertThat(ConnectDecision.context(policy(IamPolicyResponseV1.allowStatement(ARN))))
                .containsEntry("roomId", "r1").containsEntry("principalId", "peer");
    }
}
