package dev.otter.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * API Gateway's management API ({@code @connections}) over the live sockets, so the SDK's
 * {@code ApiGatewayManagementApiClient} works against local Otter: POST sends, DELETE closes, GET describes,
 * and a closed or unknown connection answers 410 with the {@code GoneException} error type.
 * Only loopback callers may use it, even when the runner listens on another address.
 */
public final class ManagementApi extends Handler.Abstract {
    public static final String PATH = "/@connections/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LiveConnections connections;

    public ManagementApi(LiveConnections connections) {
        super(InvocationType.BLOCKING);
        this.connections = connections;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        if (!path.startsWith(PATH)) {
            return false;
        }
        if (!InetAddress.getByName(Request.getRemoteAddr(request)).isLoopbackAddress()) {
            HttpGateway.writeGatewayAnswer(response, callback, 403, "Forbidden");
            return true;
        }
        String connectionId = path.substring(PATH.length());
        try {
            switch (request.getMethod()) {
                case "POST" -> {
                    try (InputStream in = Request.asInputStream(request)) {
                        connections.post(connectionId, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                    write(response, callback, 200, "{}");
                }
                case "DELETE" -> {
                    connections.delete(connectionId);
                    write(response, callback, 204, "");
                }
                case "GET" -> write(response, callback, 200, describe(connections.get(connectionId)));
                default -> HttpGateway.writeGatewayAnswer(response, callback, 404, "Not Found");
            }
        } catch (ConnectionGoneException gone) {
            response.getHeaders().put("x-amzn-ErrorType", "GoneException");
            HttpGateway.writeGatewayAnswer(response, callback, 410, "Gone");
        }
        return true;
    }

    private static String describe(LiveConnections.Info info) {
        ObjectNode body = JSON.createObjectNode();
        body.put("connectedAt", info.connectedAt().toString());
        body.put("lastActiveAt", info.lastActiveAt().toString());
        ObjectNode identity = body.putObject("identity");
        identity.put("sourceIp", info.sourceIp());
        identity.put("userAgent", info.userAgent());
        return body.toString();
    }

    private static void write(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        if (body.isEmpty()) {
            callback.succeeded();
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
