package dev.otter.lambda;

import dev.otter.config.OtterEnv;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The one place the Lambda environment is read, by the names the CDK stack sets ({@link OtterEnv}). */
public final class LambdaConfig {
    private final UnaryOperator<String> environment;

    /** @param environment {@code System::getenv} on Lambda */
    public LambdaConfig(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public String roomsTable() { return require(OtterEnv.ROOMS_TABLE); }
    public String apiKeysTable() { return require(OtterEnv.API_KEYS_TABLE); }
    public String messageBudgetsTable() { return require(OtterEnv.MESSAGE_BUDGETS_TABLE); }
    public String webhooksTable() { return require(OtterEnv.WEBHOOKS_TABLE); }
    public String webhookQueueUrl() { return require(OtterEnv.WEBHOOK_QUEUE_URL); }
    public String webAppUrl() { return require(OtterEnv.WEB_APP_URL); }
    public String wsManagementEndpoint() { return require(OtterEnv.WS_MANAGEMENT_ENDPOINT); }
    public String jwtSecretArn() { return require(OtterEnv.JWT_SECRET_ARN); }
    public String turnSecretArn() { return require(OtterEnv.TURN_SECRET_ARN); }
    public String turnHost() { return require(OtterEnv.TURN_HOST); }
    public Optional<String> turnTlsHost() { return optional(OtterEnv.TURN_TLS_HOST); }
    public String region() { return require(OtterEnv.AWS_REGION); }

    private String require(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }

    private Optional<String> optional(String name) {
        return Optional.ofNullable(environment.apply(name)).filter(value -> !value.isBlank());
    }
}
