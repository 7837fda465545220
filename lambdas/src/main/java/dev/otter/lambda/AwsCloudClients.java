package dev.otter.lambda;

import dev.otter.adapter.apigw.ApiGatewayPeerMessenger;
import dev.otter.adapter.secrets.SecretsManagerSecrets;
import dev.otter.core.port.PeerMessenger;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Real SDK clients for Lambda: region and credentials set explicitly (no provider-chain probing at cold
 * start), one URL-connection HTTP client shared by all, each client built once per process.
 */
final class AwsCloudClients implements CloudClients {
    private final Region region;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final EnvironmentVariableCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
    private final Lazy<DynamoDbClient> dynamoDb;

    AwsCloudClients(LambdaConfig config) {
        this.region = Region.of(config.region());
        this.dynamoDb = Lazy.of(() -> DynamoDbClient.builder().region(region).credentialsProvider(credentials).httpClient(http).build());
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
    public byte[] secret(String secretArn) {
        try (SecretsManagerClient client = SecretsManagerClient.builder().region(region).credentialsProvider(credentials)
                .httpClient(http).build()) {
            return new SecretsManagerSecrets(client).read(secretArn);
        }
    }
}
