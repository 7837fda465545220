package dev.otter.adapter.apigw;

import dev.otter.core.port.PeerGone;
import dev.otter.core.port.PeerMessenger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/** Posts to and closes connections through the WebSocket API's @connections endpoint. */
public final class ApiGatewayPeerMessenger implements PeerMessenger {
    private final ApiGatewayManagementApiClient client;

    public ApiGatewayPeerMessenger(ApiGatewayManagementApiClient client) {
        this.client = client;
    }

    @Override
    public void send(String connectionId, String json) throws PeerGone {
        try {
            client.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(json)));
        } catch (GoneException e) {
            throw new PeerGone(connectionId);
        }
    }

    @Override
    public void disconnect(String connectionId) {
        try {
            client.deleteConnection(r -> r.connectionId(connectionId));
        } catch (GoneException e) {
            // Closed already, which is what we wanted.
        }
    }
}
