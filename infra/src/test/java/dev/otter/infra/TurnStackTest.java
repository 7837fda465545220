package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.DeploymentCapacity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class TurnStackTest {
    private static Template template() {
        return TestApps.plain().template(OtterStacks::turn);
    }

    @Test
    void loadBalancer_listensOnUdpAndTcp3478() {
        template().hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 3478, "Protocol", "TCP_UDP"));
        template().hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("Scheme", "internet-facing", "Type", "network"));
    }

    @Test
    void loadBalancer_hasNoTlsListener_withoutACertificate() {
        template().resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
    }

    @Test
    void loadBalancer_terminatesTlsOn443ToTcp3478_whenACertificateIsConfigured() {
        Template template = TestApps.withDomains().template(OtterStacks::turn);
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 443, "Protocol", "TLS",
                "Certificates", List.of(Map.of("CertificateArn", TestApps.TURN_CERTIFICATE))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("Port", 3478, "Protocol", "TCP", "TargetType", "ip"));
    }

    @Test
    void targets_areHealthCheckedOverTcp3478() {
        template().hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("Port", 3478, "Protocol", "TCP_UDP",
                "TargetType", "ip", "HealthCheckProtocol", "TCP", "HealthCheckPort", "3478"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void securityGroup_opens3478AndExactlyTheConfiguredRelayRange() {
        Map<String, Object> group = Templates.only(template(), "AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", "coturn: STUN/TURN on 3478 and the UDP relay range"));
        assertThat((List<Object>) group.get("SecurityGroupIngress")).containsExactlyInAnyOrder(
                Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", "udp", "FromPort", 3478, "ToPort", 3478, "Description", "STUN/TURN over UDP"),
                Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", "tcp", "FromPort", 3478, "ToPort", 3478,
                        "Description", "TURN over TCP, TLS from the NLB, health checks"),
                Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", "udp", "FromPort", TurnService.RELAY_MIN_PORT,
                        "ToPort", TurnService.RELAY_MAX_PORT, "Description", "TURN relay ports"));
    }

    @Test
    void tasks_runInPublicSubnetsWithPublicIps_atLeastOneAlways() {
        Map<String, Object> service = Templates.only(template(), "AWS::ECS::Service", Map.of());
        assertThat(service).containsEntry("LaunchType", "FARGATE").containsEntry("DesiredCount", 1);
        assertThat(service.get("NetworkConfiguration").toString()).contains("AssignPublicIp=ENABLED").contains("publicSubnet");
        template().hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of("MinCapacity", 1,
                "MaxCapacity", OtterAppProps.maxTurnTasksFor(DeploymentCapacity.DEFAULT)));
        template().resourceCountIs("AWS::EC2::NatGateway", 0);
    }

    @Test
    void scaling_tracksCpuAt75PercentWithALongScaleInCooldown() {
        template().hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of("PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                        "TargetValue", 75, "ScaleInCooldown", 1800, "ScaleOutCooldown", 60,
                        "PredefinedMetricSpecification", Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization")))));
    }

    @Test
    void task_getsTheTurnSecretAsAnEcsSecret_andIsSizedFromMeasurement() {
        Map<String, Object> task = Templates.only(template(), "AWS::ECS::TaskDefinition", Map.of());
        assertThat(task).containsEntry("Cpu", "1024").containsEntry("Memory", "2048")
                .containsEntry("RuntimePlatform", Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX"));
        String container = task.get("ContainerDefinitions").toString();
        assertThat(container).contains("Name=OTTER_TURN_SECRET").contains("ValueFrom=").contains("TurnSecret");
        assertThat(container).doesNotContain("static-auth-secret");
    }

    @Test
    void turnSecret_isGeneratedBySecretsManager() {
        template().hasResourceProperties("AWS::SecretsManager::Secret", Map.of("GenerateSecretString",
                Match.objectLike(Map.of("PasswordLength", 64, "ExcludePunctuation", true))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(String name) {
        Map<String, Object> task = Templates.only(template(), "AWS::ECS::TaskDefinition", Map.of());
        return ((List<Map<String, Object>>) task.get("ContainerDefinitions")).stream()
                .filter(container -> name.equals(container.get("Name"))).findFirst().orElseThrow();
    }

    @Test
    void relayRevocations_areATableWithTtl_droppedWithTheStack() {
        Map<String, Map<String, Object>> tables = template().findResources("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "Properties", Map.of("KeySchema", List.of(Map.of("AttributeName", "relay", "KeyType", "HASH")),
                        "BillingMode", "PAY_PER_REQUEST",
                        "TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true)))));
        assertThat(tables).hasSize(1);
        assertThat(tables.values().iterator().next()).containsEntry("DeletionPolicy", "Delete");
    }

    @Test
    @SuppressWarnings("unchecked")
    void revoker_runsBesideCoturn_fromTheSameImage_notEssentialButRestarted_withTheSecretAsAnEcsSecret() {
        Map<String, Object> coturn = container(TurnService.CONTAINER);
        Map<String, Object> revoker = container(TurnService.REVOKER);

        assertThat(revoker.get("Image")).isEqualTo(coturn.get("Image"));
        assertThat(revoker).containsEntry("EntryPoint", List.of("/usr/local/bin/otter-revoker.sh"))
                .containsEntry("Essential", false)
                .containsEntry("RestartPolicy", Map.of("Enabled", true));
        assertThat(coturn).containsEntry("Essential", true);
        String environment = revoker.get("Environment").toString();
        assertThat(environment).contains("Name=OTTER_RELAY_REVOCATIONS_TABLE").contains("RelayRevocationsTable")
                .contains("Name=OTTER_AWS_REGION").contains("Name=OTTER_REVOKE_INTERVAL_SECONDS, Value=5");
        assertThat(revoker.get("Secrets").toString()).contains("Name=OTTER_TURN_SECRET").contains("TurnSecret");
        assertThat(revoker.toString()).doesNotContain("static-auth-secret");
    }

    @Test
    @SuppressWarnings("unchecked")
    void taskRole_mayScanTheRevocationsOnly_andNoFunctionRoleMay() {
        Map<String, Object> task = Templates.only(template(), "AWS::ECS::TaskDefinition", Map.of());
        String taskRole = ((List<String>) ((Map<String, Object>) task.get("TaskRoleArn")).get("Fn::GetAtt")).get(0);
        List<Map<String, Object>> statements = template().findResources("AWS::IAM::Policy").values().stream()
                .map(Templates::properties)
                .filter(policy -> policy.get("Roles").toString().contains(taskRole))
                .flatMap(policy -> ((List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement")).stream())
                .toList();

        List<Map<String, Object>> onTables = statements.stream()
                .filter(statement -> Templates.actions(statement).stream().anyMatch(action -> action.startsWith("dynamodb:")))
                .toList();
        assertThat(onTables).hasSize(1);
        assertThat(Templates.actions(onTables.get(0))).containsExactly("dynamodb:Scan");
        assertThat(onTables.get(0).get("Resource").toString()).contains("RelayRevocationsTable").doesNotContain("\"*\"");
        for (Template other : List.of(TestApps.plain().template(OtterStacks::signaling), TestApps.plain().template(OtterStacks::api))) {
            assertThat(other.findResources("AWS::IAM::Policy").toString()).doesNotContain("dynamodb:Scan");
        }
    }
}
