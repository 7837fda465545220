package dev.otter.shaded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.config.OtterFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials the SnapStart way. With SnapStart on, Lambda gives a function no {@code AWS_ACCESS_KEY_ID}: the
 * credentials come from the container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}). Each handler here runs its no-argument constructor and its first
 * request in a fresh JVM from the shaded jar with only those variables, and every AWS call it makes must be
 * signed (SigV4, signature recomputed) with the credentials that endpoint served.
 */
class SnapStartCredentialsIT {
    @TempDir
    static Path scratch;
    private static LambdaSandbox sandbox;
    private static FirstRequests requests;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new LambdaSandbox(scratch);
        requests = new FirstRequests(sandbox);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void handler_signsEveryAwsCall_withTheContainerCredentials_whenThatIsAllLambdaGives(OtterFunction function) throws Exception {
        // GIVEN a fresh execution environment with only the SnapStart credential variables
        sandbox.aws.clear();
        Map<String, String> environment = sandbox.environmentOf(function);
        assertThat(environment.keySet()).doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

        // WHEN the runtime constructs the handler and hands it its first request
        JsonNode response;
        List<String> log;
        try (LambdaSandbox.Environment lambda = sandbox.start(environment)) {
            response = lambda.invoke(function.handlerClass(), requests.event(function));
            log = lambda.log();
        }

        // THEN it did its job, and every AWS call it made was signed with what the endpoint served
        assertThat(FirstRequests.accepted(function, response)).as("%s answered %s; log %s", function, response, log).isTrue();
        List<FakeAws.SignedCall> calls = sandbox.aws.calls();
        assertThat(calls).as("%s made no AWS call at all; log %s", function, log).isNotEmpty();
        for (FakeAws.SignedCall call : calls) {
            assertThat(sandbox.aws.signatureProblem(call, LambdaSandbox.REGION)).as("%s: %s", function, call.operation()).isNull();
        }
        assertThat(sandbox.aws.refusedCredentialFetches()).as("fetches with a wrong authorization token").isZero();
        // One provider for every client of the process, its credentials cached until they near expiry.
        assertThat(sandbox.aws.credentialFetches()).as("credential fetches by %s", function).isEqualTo(1);
    }
}
