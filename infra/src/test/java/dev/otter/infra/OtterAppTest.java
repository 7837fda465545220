package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otter.config.DeploymentCapacity;
import dev.otter.config.OtterFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Table;

class OtterAppTest {
    @TempDir
    Path root;

    @Test
    void props_failNamingTheBuildCommand_whenTheHandlerJarIsMissing() {
        assertThatThrownBy(() -> OtterApp.props(new App(), root))
                .hasMessageContaining(OtterApp.LAMBDA_JAR)
                .hasMessageContaining("mvn -pl lambdas -am package");
    }

    @Test
    void props_failNamingTheWebBuild_whenTheWebAppIsNotBuilt() throws Exception {
        Files.createDirectories(root.resolve("lambdas/target"));
        Files.writeString(root.resolve(OtterApp.LAMBDA_JAR), "jar");
        assertThatThrownBy(() -> OtterApp.props(new App(), root)).hasMessageContaining("npm --prefix webapp run build");
    }

    @Test
    void props_readDomainsAndRetention_fromContext() throws Exception {
        buildOutputs();
        App app = new App(AppProps.builder().context(Map.of("domain", TestApps.WEB_DOMAIN, "certificateArn", TestApps.WEB_CERTIFICATE,
                "retainData", "true", "maxTurnTasks", "6", "participants", "300")).build());
        OtterAppProps props = OtterApp.props(app, root);
        assertThat(props.capacity().concurrentParticipants()).isEqualTo(300);
        assertThat(props.webDomain()).isEqualTo(new CustomDomain(TestApps.WEB_DOMAIN, TestApps.WEB_CERTIFICATE));
        assertThat(props.turnTlsDomain()).isNull();
        assertThat(props.retainData()).isTrue();
        assertThat(props.maxTurnTasks()).isEqualTo(6);
    }

    @Test
    void props_defaultToTheDocumentedCapacity_andRefuseOneOutOfRange() throws Exception {
        buildOutputs();
        assertThat(OtterApp.props(new App(), root).capacity()).isEqualTo(DeploymentCapacity.DEFAULT);
        App tooMany = new App(AppProps.builder().context(Map.of("participants", "50000")).build());
        assertThatThrownBy(() -> OtterApp.props(tooMany, root)).hasMessageContaining("50000").hasMessageContaining("quota");
    }

    @Test
    void turnScalingLimit_followsTheCapacity_unlessGiven() throws Exception {
        buildOutputs();
        // 20 % of the participants relayed, 6 one-way streams each, 400 streams a task; never under 2.
        assertThat(OtterApp.props(new App(), root).maxTurnTasks()).isEqualTo(3);
        assertThat(OtterApp.props(new App(AppProps.builder().context(Map.of("participants", "5000")).build()), root)
                .maxTurnTasks()).isEqualTo(15);
        assertThat(OtterApp.props(new App(AppProps.builder().context(Map.of("participants", "100")).build()), root)
                .maxTurnTasks()).isEqualTo(DeploymentCapacity.MIN_TURN_TASKS);
        assertThat(OtterApp.props(new App(AppProps.builder().context(Map.of("participants", "5000", "maxTurnTasks", "4")).build()), root)
                .maxTurnTasks()).isEqualTo(4);
    }

    @Test
    void props_refuseAWebCertificateOutsideUsEast1() throws Exception {
        buildOutputs();
        App app = new App(AppProps.builder().context(Map.of("domain", TestApps.WEB_DOMAIN,
                "certificateArn", TestApps.TURN_CERTIFICATE)).build());
        assertThatThrownBy(() -> OtterApp.props(app, root)).hasMessageContaining("us-east-1").hasMessageContaining("eu-west-1");
    }

    @Test
    void props_refuseADomainWithoutCertificate() throws Exception {
        buildOutputs();
        App app = new App(AppProps.builder().context(Map.of("turnDomain", TestApps.TURN_DOMAIN)).build());
        assertThatThrownBy(() -> OtterApp.props(app, root)).hasMessageContaining("turnCertificateArn");
    }

    @Test
    void lambdaFactory_refusesAFunctionWhoseStackLacksWhatItReads() {
        Stack stack = new Stack(new App(), "Lacking");
        Table rooms = Table.Builder.create(stack, "Rooms")
                .partitionKey(Attribute.builder().name("roomId").type(AttributeType.STRING).build()).build();
        FunctionWiring wiring = new FunctionWiring(Map.of(OtterFunction.Table.ROOMS, rooms), Map.of(), Map.of(), null);
        assertThatThrownBy(() -> LambdaFactory.environment(OtterFunction.CREATE_ROOM, wiring))
                .hasMessageContaining("CREATE_ROOM").hasMessageContaining("OTTER_WEB_APP_URL").hasMessageContaining("OTTER_JWT_SECRET_ARN");
    }

    @Test
    void apiStack_dependsOnTheOtherThree_signalingOnTurn_andFrontendAndTurnOnNothing() {
        TestApps.Built built = TestApps.plain();
        // Cross-stack references become stack dependencies while the app synthesizes.
        built.app().synth();
        OtterStacks stacks = built.stacks();
        assertThat(stacks.api().getDependencies()).extracting(Stack::getStackName)
                .containsExactlyInAnyOrder(OtterStacks.FRONTEND, OtterStacks.SIGNALING, OtterStacks.TURN);
        // joined carries TURN credentials: the message handler needs the TURN host and secret.
        assertThat(stacks.signaling().getDependencies()).extracting(Stack::getStackName).containsExactly(OtterStacks.TURN);
        for (Stack stack : Set.of(stacks.frontend(), stacks.turn())) {
            assertThat(stack.getDependencies()).as(stack.getStackName()).isEmpty();
        }
    }

    @Test
    void deployScriptsContext_isReadByTheApp_optionForOption() throws Exception {
        buildOutputs();
        // What ./otter deploy and ./otter destroy pass to the CDK for a fully optioned deployment.
        Process bash = new ProcessBuilder("bash", "-c", ". scripts/cdk-context.sh"
                + " && domain=" + TestApps.WEB_DOMAIN + " certificate=" + TestApps.WEB_CERTIFICATE
                + " turn_domain=" + TestApps.TURN_DOMAIN + " turn_certificate=" + TestApps.TURN_CERTIFICATE
                + " max_turn_tasks=7 participants=250 embed_origins=https://portal.example.com"
                + " api_origins=https://app.example.org,http://localhost:5173"
                + " && cdk_context true && printf '%s\\n' \"${context[@]}\"")
                .directory(Repo.root().toFile()).redirectErrorStream(true).start();
        java.util.List<String> args = new String(bash.getInputStream().readAllBytes()).lines().toList();
        assertThat(bash.waitFor()).isZero();
        Map<String, Object> context = new java.util.HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            assertThat(args.get(i)).isEqualTo("-c");
            String[] pair = args.get(i + 1).split("=", 2);
            context.put(pair[0], pair[1]);
        }

        OtterAppProps props = OtterApp.props(new App(AppProps.builder().context(context).build()), root);

        assertThat(props.webDomain()).isEqualTo(new CustomDomain(TestApps.WEB_DOMAIN, TestApps.WEB_CERTIFICATE));
        assertThat(props.turnTlsDomain()).isEqualTo(new CustomDomain(TestApps.TURN_DOMAIN, TestApps.TURN_CERTIFICATE));
        assertThat(props.retainData()).isTrue();
        assertThat(props.maxTurnTasks()).isEqualTo(7);
        assertThat(props.capacity().concurrentParticipants()).isEqualTo(250);
        assertThat(props.embedOrigins().origins()).containsExactly("https://portal.example.com");
        assertThat(props.apiOrigins().origins()).containsExactly("https://app.example.org", "http://localhost:5173");
    }

    private void buildOutputs() throws Exception {
        Files.createDirectories(root.resolve("lambdas/target"));
        Files.writeString(root.resolve(OtterApp.LAMBDA_JAR), "jar");
        Files.createDirectories(root.resolve("webapp/dist"));
        Files.writeString(root.resolve("webapp/dist/index.html"), "<!doctype html>");
        Files.createDirectories(root.resolve("coturn"));
        Files.writeString(root.resolve("coturn/Dockerfile"), "FROM scratch");
    }
}
