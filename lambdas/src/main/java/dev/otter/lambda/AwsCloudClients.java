package dev.otter.lambda;

import dev.otter.adapter.apigw.ApiGatewayPeerMessenger;
import dev.otter.adapter.secrets.SecretsManagerSecrets;
import dev.otter.adapter.sqs.SqsWebhookQueue;
import dev.otter.core.port.PeerMessenger;
import dev.otter.core.port.WebhookQueue;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Real SDK clients for Lambda: region set explicitly, one credentials provider and one URL-connection HTTP
 * client shared by all (its TLS set up on first use, {@link TlsOnFirstUse}), each client built once per process.
 */
final class AwsCloudClients implements CloudClients {
    private final Region region;
    private final TlsOnFirstUse connections = new TlsOnFirstUse();
    private final SdkHttpClient http = UrlConnectionHttpClient.create(connections);
    private final AwsCredentialsProvider credentials = lambdaCredentials();
    private final Lazy<DynamoDbClient> dynamoDb;

    AwsCloudClients(LambdaConfig config) {
        this.region = Region.of(config.region());
        this.dynamoDb = Lazy.of(() -> DynamoDbClient.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(c -> c.addExecutionInterceptor(SnapStartPriming.STOP_BEFORE_SENDING)).build());
    }

    /**
     * The two ways Lambda hands a function its role's credentials, and nothing else. Without SnapStart they are
     * the environment variables {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}.
     * With SnapStart (on for every Otter function) those are never set: credentials come from the container
     * credentials endpoint named by {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with
     * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} (Lambda developer guide, SnapStart and the AWS SDKs), which the
     * provider fetches once and refreshes before they expire, so credentials cached in a snapshot renew on restore.
     *
     * <p>Why not {@code DefaultCredentialsProvider}, which would find both: before the container step it tries
     * system properties, web identity and the shared profile files, and after it the EC2 instance metadata
     * service, whose probe costs a timeout where no such service answers. Neither exists on Lambda; an explicit
     * two-step chain costs one environment lookup when the variables are set and one loopback HTTP call when
     * they are not, and the chain remembers which provider answered.
     */
    static AwsCredentialsProvider lambdaCredentials() {
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.builder().build())
                .reuseLastProviderEnabled(true)
                .build();
    }

    /** Builds the TLS context before a SnapStart snapshot instead of on the first request after a restore. */
    void prepareTls() {
        connections.prepareTls();
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    @Override
    public PeerMessenger peerMessenger(String managementEndpoint) {
        return new ApiGatewayPeerMessenger(ApiGatewayManagementApiClient.builder().region(region).credentialsProvider(credentials)
                .httpClient(http).endpointOverride(URI.create(managementEndpoint)).build());
    }

    @Override
    public WebhookQueue webhookQueue(String queueUrl) {
        return new SqsWebhookQueue(SqsClient.builder().region(region).credentialsProvider(credentials).httpClient(http).build(), queueUrl);
    }

    @Override
    public byte[] secret(String secretArn) {
        try (SecretsManagerClient client = SecretsManagerClient.builder().region(region).credentialsProvider(credentials)
                .httpClient(http).build()) {
            return new SecretsManagerSecrets(client).read(secretArn);
        }
    }
}
