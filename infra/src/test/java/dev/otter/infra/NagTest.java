package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.DeploymentCapacity;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** cdk-nag's AWS Solutions rules over the whole app: every finding is fixed or acknowledged with a reason. */
class NagTest {
    static Stream<Arguments> variants() {
        return Stream.of(Arguments.of("without domains", false), Arguments.of("with domains and retained data", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void awsSolutionsChecks_reportNoUnacknowledgedFinding(String name, boolean domains) {
        TestApps.Built built = domains
                ? TestApps.build(new CustomDomain(TestApps.WEB_DOMAIN, TestApps.WEB_CERTIFICATE),
                        new CustomDomain(TestApps.TURN_DOMAIN, TestApps.TURN_CERTIFICATE), true, TestApps.SMALL)
                : TestApps.build(null, null, false, DeploymentCapacity.DEFAULT);
        Aspects.of(built.app()).add(new AwsSolutionsChecks());
        CloudAssembly assembly = built.app().synth();
        assertThat(assembly.getStacks()).hasSize(4);
        List<String> findings = new ArrayList<>();
        for (Stack stack : List.of(built.stacks().frontend(), built.stacks().signaling(), built.stacks().turn(), built.stacks().api())) {
            Annotations annotations = Annotations.fromStack(stack);
            annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                    .forEach(message -> findings.add("ERROR " + message.getId() + " " + message.getEntry().getData()));
            annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                    .forEach(message -> findings.add("WARN " + message.getId() + " " + message.getEntry().getData()));
        }
        assertThat(findings).isEmpty();
    }
}
