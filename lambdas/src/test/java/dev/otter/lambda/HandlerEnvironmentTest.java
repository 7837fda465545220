package dev.otter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.otter.config.OtterEnv;
import dev.otter.config.OtterFunction;
import dev.otter.core.port.PeerMessenger;
import dev.otter.core.port.WebhookQueue;
import dev.otter.testing.RecordingMessenger;
import dev.otter.testing.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Each handler, built the way Lambda builds it (from the environment), reads exactly the variables its
 * {@link OtterFunction} entry declares: the CDK stack sets those and nothing else.
 */
class HandlerEnvironmentTest {
    private static TestWorld world;

    @BeforeAll
    static void start() {
        world = TestWorld.embedded();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry(OtterEnv.ROOMS_TABLE, "otter-test-rooms"),
            Map.entry(OtterEnv.API_KEYS_TABLE, "otter-test-api-keys"),
            Map.entry(OtterEnv.WEBHOOKS_TABLE, "otter-test-webhooks"),
            Map.entry(OtterEnv.WEBHOOK_QUEUE_URL, "https://sqs.eu-central-1.amazonaws.com/123456789012/otter-webhooks"),
            Map.entry(OtterEnv.MESSAGE_BUDGETS_TABLE, "otter-test-message-budgets"),
            Map.entry(OtterEnv.WEB_APP_URL, "https://calls.example.test"),
            Map.entry(OtterEnv.WS_MANAGEMENT_ENDPOINT, "https://abc123xyz.execute-api.eu-central-1.amazonaws.com/prod"),
            Map.entry(OtterEnv.JWT_SECRET_ARN, "arn:aws:secretsmanager:eu-central-1:123456789012:secret:otter-jwt"),
            Map.entry(OtterEnv.TURN_SECRET_ARN, "arn:aws:secretsmanager:eu-central-1:123456789012:secret:otter-turn"),
            Map.entry(OtterEnv.TURN_HOST, "turn.example.test"),
            Map.entry(OtterEnv.TURN_TLS_HOST, "turns.example.test"),
            Map.entry(OtterEnv.AWS_REGION, "eu-central-1"));

    /** Local stand-ins for the AWS clients, answering only for the values the environment named. */
    private static final class LocalClouds implements CloudClients {
        @Override
        public DynamoDbClient dynamoDb() {
            return world.dynamoDb;
        }

        @Override
        public PeerMessenger peerMessenger(String managementEndpoint) {
            assertThat(managementEndpoint).isEqualTo(ENVIRONMENT.get(OtterEnv.WS_MANAGEMENT_ENDPOINT));
            return new RecordingMessenger();
        }

        @Override
        public WebhookQueue webhookQueue(String queueUrl) {
            assertThat(queueUrl).isEqualTo(ENVIRONMENT.get(OtterEnv.WEBHOOK_QUEUE_URL));
            return (message, delay) -> { };
        }

        @Override
        public byte[] secret(String secretArn) {
            if (secretArn.equals(ENVIRONMENT.get(OtterEnv.JWT_SECRET_ARN))) return TestWorld.JWT_SECRET;
            if (secretArn.equals(ENVIRONMENT.get(OtterEnv.TURN_SECRET_ARN))) return TestWorld.TURN_SECRET.getBytes(StandardCharsets.UTF_8);
            throw new AssertionError("unexpected secret " + secretArn);
        }
    }

    @ParameterizedTest
    @EnumSource(OtterFunction.class)
    void handler_readsExactlyTheVariablesItsCatalogEntryDeclares(OtterFunction function) throws Exception {
        Set<String> read = new TreeSet<>();
        LambdaConfig config = new LambdaConfig(name -> {
            read.add(name);
            return new HashMap<>(ENVIRONMENT).get(name);
        });
        OtterServices services = LambdaServices.from(config, new LocalClouds());

        Object handler = Class.forName(function.handlerClass()).getConstructor(OtterServices.class).newInstance(services);

        assertThat(handler).isInstanceOf(RequestHandler.class);
        assertThat(read).isEqualTo(new TreeSet<>(function.environment()));
        assertThat(Class.forName(function.handlerClass()).getConstructor()).isNotNull();
    }
}
