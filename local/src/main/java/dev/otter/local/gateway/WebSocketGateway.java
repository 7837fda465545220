package dev.otter.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The WebSocket API: on upgrade it runs the {@code $connect} authorizer and integration (a refusal answers the
 * upgrade request with API Gateway's status), then hands the socket to a {@link GatewayConnection}.
 */
public final class WebSocketGateway {
    private static final Logger LOG = Logger.getLogger(WebSocketGateway.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebSocketRoutes routes;
    private final WebSocketLimits limits;
    private final LiveConnections connections;
    private final ScheduledExecutorService scheduler;
    private final ConnectThrottle connectThrottle;

    public WebSocketGateway(
            WebSocketRoutes routes, WebSocketLimits limits, LiveConnections connections,
            ScheduledExecutorService scheduler, ConnectThrottle connectThrottle) {
        this.routes = routes;
        this.limits = limits;
        this.connections = connections;
        this.scheduler = scheduler;
        this.connectThrottle = connectThrottle;
    }

    public void mount(ServerWebSocketContainer container, String path) {
        container.setMaxFrameSize(limits.maxFrameBytes());
        container.setMaxTextMessageSize(limits.maxMessageBytes());
        container.setMaxBinaryMessageSize(limits.maxMessageBytes());
        // Jetty would otherwise split an oversized incoming frame instead of refusing it as API Gateway does.
        container.setAutoFragment(false);
        container.setIdleTimeout(limits.idleTimeout());
        container.addMapping(path, this::upgrade);
    }

    private Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        if (!connectThrottle.tryAcquire()) {
            // API Gateway's answer to a throttled request, before any authorizer or integration runs.
            return refuse(response, callback, 429, "{\"message\":\"Too Many Requests\"}");
        }
        WebSocketEvents.Origin origin = new WebSocketEvents.Origin(
                newConnectionId(), Instant.now(), request.getHttpURI().getAuthority(), Request.getRemoteAddr(request),
                request.getHeaders().get(HttpHeader.USER_AGENT), HttpEvents.headers(request),
                HttpEvents.queryParameters(request));
        try {
            Optional<String> identity = Optional.ofNullable(origin.queryStringParameters())
                    .map(query -> query.get(routes.identityQueryParameter()))
                    .filter(value -> !value.isEmpty());
            if (identity.isEmpty()) {
                return refuse(response, callback, 401, "{\"message\":\"Unauthorized\"}");
            }
            APIGatewayCustomAuthorizerEvent authorizerEvent = WebSocketEvents.connectAuthorizerEvent(origin);
            IamPolicyResponseV1 policy;
            try {
                policy = routes.connectAuthorizer().invoke(authorizerEvent);
            } catch (RuntimeException e) {
                // A Lambda authorizer signals "no valid identity" by failing with exactly "Unauthorized".
                if ("Unauthorized".equals(e.getMessage())) {
                    return refuse(response, callback, 401, "{\"message\":\"Unauthorized\"}");
                }
                throw e;
            }
            if (!ConnectDecision.allows(policy, authorizerEvent.getMethodArn())) {
                return refuse(response, callback, 403, "{\"message\":\"Forbidden\"}");
            }
            Map<String, Object> authorizer = ConnectDecision.context(policy);
            APIGatewayV2WebSocketResponse connected = routes.connect().invoke(
                    WebSocketEvents.routeEvent(origin, "$connect", "CONNECT", authorizer, null, false));
            int status = connected == null || connected.getStatusCode() == 0 ? 200 : connected.getStatusCode();
            if (status < 200 || status > 299) {
                String body = connected.getBody() == null ? "" : connected.getBody();
                return refuse(response, callback, status, body);
            }
            // API Gateway negotiates no extension; with permessage-deflate Jetty would also refuse any
            // message that inflates past its 8 KB buffer, e.g. the SDP of a call with a screen share.
            response.setExtensions(List.of());
            return new GatewayConnection(origin, authorizer, routes, limits, connections, scheduler);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "$connect failed", e);
            return refuse(response, callback, 500, "{\"message\":\"Internal server error\"}");
        }
    }

    private static Object refuse(ServerUpgradeResponse response, Callback callback, int status, String body) {
        response.setStatus(status);
        if (!body.isEmpty()) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        }
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return null;
    }

    /** API Gateway's ids are 16 characters of base64 ending in '='; these are URL-safe so they fit a path. */
    private static String newConnectionId() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes) + "=";
    }

    static String routeKey(String body, Map<String, ?> messageRoutes) {
        if (messageRoutes.isEmpty()) {
            // Only $default is deployed: no need to read the body to know where it goes.
            return "$default";
        }
        try {
            JsonNode message = JSON.readTree(body);
            if (message instanceof ObjectNode && message.get("action") != null && message.get("action").isTextual()) {
                String action = message.get("action").asText();
                if (messageRoutes.containsKey(action)) {
                    return action;
                }
            }
        } catch (java.io.IOException notJson) {
            // API Gateway sends anything it cannot select a route for to $default.
        }
        return "$default";
    }
}
