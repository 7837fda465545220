package dev.otter.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One accepted socket: each text message goes to the route its {@code action} selects, with the authorizer
 * context of {@code $connect}; the close, whatever its cause, runs {@code $disconnect} exactly once.
 * Public only because Jetty calls the listener methods through method handles.
 */
public final class GatewayConnection implements Session.Listener.AutoDemanding {
    private static final Logger LOG = Logger.getLogger(GatewayConnection.class.getName());

    private final WebSocketEvents.Origin origin;
    private final Map<String, Object> authorizer;
    private final WebSocketRoutes routes;
    private final WebSocketLimits limits;
    private final LiveConnections connections;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Session session;
    private volatile ScheduledFuture<?> ageLimit;

    GatewayConnection(
            WebSocketEvents.Origin origin, Map<String, Object> authorizer, WebSocketRoutes routes,
            WebSocketLimits limits, LiveConnections connections, ScheduledExecutorService scheduler) {
        this.origin = origin;
        this.authorizer = Map.copyOf(authorizer);
        this.routes = routes;
        this.limits = limits;
        this.connections = connections;
        this.scheduler = scheduler;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        connections.opened(origin.connectionId(), session, origin.connectedAt(), origin.sourceIp(), origin.userAgent());
        ageLimit = scheduler.schedule(
                () -> session.close(StatusCode.SHUTDOWN, "Going away", Callback.NOOP),
                limits.maxConnectionAge().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onWebSocketText(String message) {
        route(message, false);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        route(Base64.getEncoder().encodeToString(bytes), true);
    }

    private void route(String body, boolean base64) {
        connections.active(origin.connectionId(), Instant.now());
        if (LOG.isLoggable(Level.FINE)) {
            // Debug only: a message carries the sender's name and, in `signal`, the envelope the server relays unread.
            LOG.fine("message in on " + origin.connectionId() + ": " + body);
        }
        String routeKey = base64 ? "$default" : WebSocketGateway.routeKey(body, routes.messageRoutes());
        LambdaFunction<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> function =
                routes.messageRoutes().getOrDefault(routeKey, routes.defaultRoute());
        APIGatewayV2WebSocketEvent event =
                WebSocketEvents.routeEvent(origin, routeKey, "MESSAGE", authorizer, body, base64);
        try {
            function.invoke(event);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "function failed on route " + routeKey, e);
            // API Gateway's own words to the client when an integration fails.
            session.sendText("{\"message\": \"Internal server error\", \"connectionId\":\"" + origin.connectionId()
                    + "\", \"requestId\":\"" + event.getRequestContext().getRequestId() + "\"}", Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        finish();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.log(Level.FINE, "socket error on a connection", cause);
        if (session == null || !session.isOpen()) {
            finish();
        }
    }

    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> limit = ageLimit;
        if (limit != null) {
            limit.cancel(false);
        }
        try {
            routes.disconnect().invoke(
                    WebSocketEvents.routeEvent(origin, "$disconnect", "DISCONNECT", authorizer, null, false));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "function failed on $disconnect", e);
        } finally {
            // Counted until $disconnect is done, so a shutdown can wait for its writes; posts already see it gone.
            connections.closed(origin.connectionId());
        }
    }
}
