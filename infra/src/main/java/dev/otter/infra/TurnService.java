package dev.otter.infra;

import dev.otter.config.OtterEnv;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Ulimit;
import software.amazon.awscdk.services.ecs.UlimitName;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddNetworkTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * coturn on Fargate. Each task has a public IP in a public subnet and relays media on its own ports;
 * the Network Load Balancer only gives clients one stable name for port 3478 (UDP and TCP) and, with a
 * certificate, TLS on 443. NLB flows stick to one task, so a client's allocation stays where it was made.
 */
public final class TurnService extends Construct {
    public static final int TURN_PORT = 3478;
    public static final int TLS_PORT = 443;
    /** The relay range of coturn/turnserver.conf (min-port/max-port); a test keeps the two equal. */
    public static final int RELAY_MIN_PORT = 49152;
    public static final int RELAY_MAX_PORT = 51199;
    /**
     * One vCPU per task. Measured on loopback with turnutils_uclient (coturn 4.6.1, 1,200-byte packets):
     * coturn spends about 5.9 µs of CPU per relayed packet, ~170k packets/s per core, ≈ 1,000 one-way 1.5 Mbit/s streams. Halved for real NICs and capped
     * by the 75 % scaling target, one task carries about 400 such streams before a second one starts.
     * 2 GB is the smallest memory Fargate pairs with 1 vCPU; coturn needs far less.
     */
    public static final int CPU_UNITS = 1024;
    /** One-way 1.5 Mbit/s streams one task relays before scaling adds another (see above). */
    public static final int STREAMS_PER_TASK = 400;
    public static final int MEMORY_MIB = 2048;
    public static final int CPU_TARGET_PERCENT = 75;
    /** Scaling in stops a task and cuts the calls it relays; wait long enough that load has truly gone. */
    public static final Duration SCALE_IN_COOLDOWN = Duration.minutes(30);
    public static final Duration SCALE_OUT_COOLDOWN = Duration.minutes(1);
    public static final String CONTAINER = "coturn";
    /**
     * The task's second container: coturn/otter-revoker.sh from the same image, which ends revoked relays (removed
     * participants', ended rooms') through coturn's CLI on the task's loopback, reading the relay-revocations table.
     */
    public static final String REVOKER = "revoker";
    /** How often each task reads the revocations: the bound on how long a revoked relay outlives its revocation. */
    public static final int REVOKE_INTERVAL_SECONDS = 5;

    private final NetworkLoadBalancer loadBalancer;
    private final FargateService service;
    private final String tlsHost;

    /**
     * @param secret coturn's static-auth-secret, handed to the task as an ECS secret
     * @param relayRevocations the revocations the task's revoker reads (one Scan per interval)
     * @param imageDirectory the directory with coturn/Dockerfile
     * @param tlsDomain host name and regional certificate for turns: on 443, or {@code null} for none
     * @param maxTasks upper bound of the scaling (at least 1)
     * @param logRemoval what happens to the log groups when the stack is deleted
     */
    public TurnService(Construct scope, String id, ISecret secret, ITable relayRevocations, String imageDirectory,
            CustomDomain tlsDomain, int maxTasks, RemovalPolicy logRemoval) {
        super(scope, id);
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTurnTasks must be at least 1, got " + maxTasks);
        }
        // 10.0.0.0/16 sits inside the 10/8 range turnserver.conf denies, so no relay can reach the VPC.
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.0.0.0/16"))
                .maxAzs(2)
                .natGateways(0)
                .restrictDefaultSecurityGroup(false)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build()))
                .build();
        // Rejected packets only: accepted flows would log every relayed call at media volume.
        vpc.addFlowLog("RejectedFlows", FlowLogOptions.builder()
                .trafficType(FlowLogTrafficType.REJECT)
                .destination(FlowLogDestination.toCloudWatchLogs(logGroup("FlowLogs", logRemoval)))
                .build());

        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "TaskSecurityGroup")
                .vpc(vpc)
                .description("coturn: STUN/TURN on 3478 and the UDP relay range")
                .allowAllOutbound(true)
                .build();
        securityGroup.addIngressRule(Peer.anyIpv4(), Port.udp(TURN_PORT), "STUN/TURN over UDP");
        securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(TURN_PORT), "TURN over TCP, TLS from the NLB, health checks");
        securityGroup.addIngressRule(Peer.anyIpv4(), Port.udpRange(RELAY_MIN_PORT, RELAY_MAX_PORT), "TURN relay ports");

        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(CPU_UNITS)
                .memoryLimitMiB(MEMORY_MIB)
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.ARM64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .build();
        // The entrypoint's public-IP lookup; EC2 Describe* actions cannot be limited to a resource.
        task.addToTaskRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ec2:DescribeNetworkInterfaces"))
                .resources(List.of("*"))
                .build());
        ContainerImage image = ContainerImage.fromAsset(imageDirectory, AssetImageProps.builder()
                .platform(Platform.LINUX_ARM64)
                .build());
        LogGroup logs = logGroup("Logs", logRemoval);
        task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(image)
                .essential(true)
                .secrets(Map.of("OTTER_TURN_SECRET", software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(secret)))
                .environment(Map.of("OTTER_VPC_ID", vpc.getVpcId(), "OTTER_AWS_REGION", Stack.of(this).getRegion()))
                .portMappings(List.of(
                        PortMapping.builder().containerPort(TURN_PORT).protocol(Protocol.UDP).build(),
                        PortMapping.builder().containerPort(TURN_PORT).protocol(Protocol.TCP).build()))
                .ulimits(List.of(Ulimit.builder().name(UlimitName.NOFILE).softLimit(65536).hardLimit(65536).build()))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                        .streamPrefix("coturn")
                        .logGroup(logs)
                        .build()))
                .build());
        // Not essential: if it stops, ECS restarts it in place; stopping the task would cut every call it relays.
        // It gets the TURN secret only to derive the CLI's password (coturn/otter-common.sh).
        task.addContainer(REVOKER, ContainerDefinitionOptions.builder()
                .image(image)
                .entryPoint(List.of("/usr/local/bin/otter-revoker.sh"))
                .essential(false)
                .enableRestartPolicy(true)
                .secrets(Map.of("OTTER_TURN_SECRET", software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(secret)))
                .environment(Map.of(OtterEnv.RELAY_REVOCATIONS_TABLE, relayRevocations.getTableName(),
                        "OTTER_AWS_REGION", Stack.of(this).getRegion(),
                        "OTTER_REVOKE_INTERVAL_SECONDS", Integer.toString(REVOKE_INTERVAL_SECONDS)))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                        .streamPrefix("revoker")
                        .logGroup(logs)
                        .build()))
                .build());
        relayRevocations.grant(task.getTaskRole(), "dynamodb:Scan");

        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).build();
        service = FargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(1)
                .assignPublicIp(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .securityGroups(List.of(securityGroup))
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .healthCheckGracePeriod(Duration.seconds(60))
                .build();
        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(1)
                .maxCapacity(maxTasks)
                .build());
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(CPU_TARGET_PERCENT)
                .scaleInCooldown(SCALE_IN_COOLDOWN)
                .scaleOutCooldown(SCALE_OUT_COOLDOWN)
                .build());

        loadBalancer = NetworkLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(vpc)
                .internetFacing(true)
                .crossZoneEnabled(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .build();
        NetworkListener turn = loadBalancer.addListener("Turn", BaseNetworkListenerProps.builder()
                .port(TURN_PORT)
                .protocol(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.TCP_UDP)
                .build());
        turn.addTargets("Coturn", targets(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.TCP_UDP));
        if (tlsDomain != null) {
            NetworkListener tls = loadBalancer.addListener("TurnTls", BaseNetworkListenerProps.builder()
                    .port(TLS_PORT)
                    .protocol(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.TLS)
                    .certificates(List.of(ListenerCertificate.fromArn(tlsDomain.certificateArn())))
                    .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                    .build());
            tls.addTargets("CoturnTcp", targets(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.TCP));
        }
        tlsHost = tlsDomain == null ? null : tlsDomain.name();
        acknowledgeFindings(task, securityGroup);
    }

    /** Host name for stun:/turn: on 3478 (the load balancer's DNS name). */
    public String host() {
        return loadBalancer.getLoadBalancerDnsName();
    }

    /** Host name for turns: on 443, or {@code null} without a certificate. */
    public String tlsHost() {
        return tlsHost;
    }

    public NetworkLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public FargateService service() {
        return service;
    }

    private AddNetworkTargetsProps targets(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol protocol) {
        return AddNetworkTargetsProps.builder()
                .port(TURN_PORT)
                .protocol(protocol)
                .targets(List.of(service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                        .containerName(CONTAINER)
                        .containerPort(TURN_PORT)
                        .protocol(Protocol.TCP)
                        .build())))
                // NLBs cannot health-check UDP; a TCP connect to 3478 shows coturn is listening.
                .healthCheck(HealthCheck.builder()
                        .protocol(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.TCP)
                        .port(String.valueOf(TURN_PORT))
                        .interval(Duration.seconds(10))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(2)
                        .build())
                .deregistrationDelay(Duration.seconds(120))
                .build();
    }

    private LogGroup logGroup(String id, RemovalPolicy removal) {
        return LogGroup.Builder.create(this, id)
                .retention(LambdaFactory.LOG_RETENTION)
                .removalPolicy(removal)
                .build();
    }

    private void acknowledgeFindings(FargateTaskDefinition task, SecurityGroup group) {
        NagSuppressions.addResourceSuppressions(group, List.of(NagPackSuppression.builder().id("AwsSolutions-EC23")
                .reason("A public TURN server: browsers anywhere must reach 3478 and the relay ports.")
                .build()));
        NagSuppressions.addResourceSuppressions(task, List.of(
                NagPackSuppression.builder().id("AwsSolutions-ECS2")
                        .reason("Only the VPC id, region, revocations table name and interval are plain environment "
                                + "variables; the TURN secret is an ECS secret from Secrets Manager.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .appliesTo(List.of("Resource::*"))
                        .reason("ec2:DescribeNetworkInterfaces (the task's own public IP) and "
                                + "ecr:GetAuthorizationToken (image pull) support no resource-level permissions.")
                        .build()), true);
        NagSuppressions.addResourceSuppressions(service.getCluster(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-ECS4")
                .reason("Scaling uses the standard ECS CPU metric; Container Insights would add a fixed "
                        + "monthly cost to an idle deployment.")
                .build()));
        NagSuppressions.addResourceSuppressions(loadBalancer, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-ELB2")
                .reason("NLB access logs cover TLS listeners only, and would record every participant's IP.")
                .build()));
    }
}
