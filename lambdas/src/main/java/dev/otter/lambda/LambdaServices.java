package dev.otter.lambda;

import dev.otter.core.TurnCredentials.TurnServer;
import java.nio.charset.StandardCharsets;

/** Builds {@link OtterServices} from the Lambda environment, once per process. */
public final class LambdaServices {
    private LambdaServices() {}

    private static final class Holder {
        private static final OtterServices INSTANCE = fromEnvironment();

        private static OtterServices fromEnvironment() {
            LambdaConfig config = new LambdaConfig(System::getenv);
            AwsCloudClients clouds = new AwsCloudClients(config);
            SnapStartPriming.register(clouds::dynamoDb, clouds::prepareTls);
            return from(config, clouds);
        }
    }

    /** The process-wide services, built on the first handler construction (the Lambda init phase). */
    public static OtterServices instance() {
        return Holder.INSTANCE;
    }

    /** Services whose parts read {@code config} and call {@code clouds} only when a handler first asks for them. */
    public static OtterServices from(LambdaConfig config, CloudClients clouds) {
        return OtterServices.builder()
                .dynamoDb(clouds::dynamoDb)
                .roomsTable(config::roomsTable)
                .apiKeysTable(config::apiKeysTable)
                .messageBudgetsTable(config::messageBudgetsTable)
                .webhooksTable(config::webhooksTable)
                .webhookQueue(() -> clouds.webhookQueue(config.webhookQueueUrl()))
                .peerMessenger(() -> clouds.peerMessenger(config.wsManagementEndpoint()))
                .jwtSecret(() -> clouds.secret(config.jwtSecretArn()))
                .turnSecret(() -> new String(clouds.secret(config.turnSecretArn()), StandardCharsets.UTF_8))
                .turnServer(() -> new TurnServer(config.turnHost(), OtterServices.DEFAULT_TURN_PORT,
                        config.turnTlsHost().orElse(null), OtterServices.DEFAULT_TURN_TLS_PORT))
                .webAppUrl(config::webAppUrl)
                .build();
    }
}
