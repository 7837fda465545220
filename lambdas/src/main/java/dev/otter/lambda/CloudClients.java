package dev.otter.lambda;

import dev.otter.core.port.PeerMessenger;
import dev.otter.core.port.WebhookQueue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The AWS services a handler may talk to; tests substitute local ones. */
public interface CloudClients {
    DynamoDbClient dynamoDb();

    /** @param managementEndpoint the WebSocket API's https @connections endpoint, stage included */
    PeerMessenger peerMessenger(String managementEndpoint);

    byte[] secret(String secretArn);

    /** @param queueUrl the webhook queue's URL */
    WebhookQueue webhookQueue(String queueUrl);
}
