package dev.otter.config;

import java.util.Arrays;
import java.util.List;

/**
 * Every route Otter's two APIs serve, declared once: the CDK app builds routes, integrations and invoke
 * permissions from this table, the local gateway mounts the same handlers from it, and the template contract
 * tests walk it. A route cannot exist in one world and not the other.
 *
 * <p>The WebSocket API has only {@code $connect}, {@code $disconnect} and {@code $default}: every client action
 * (docs/signaling.md) arrives on {@code $default} and the message handler dispatches on the body's
 * {@code action}. Routes per action would add nothing but one invoke permission each to keep right.
 */
public enum OtterRoute {
    CREATE_ROOM(Api.HTTP, "POST /createRoom", OtterFunction.CREATE_ROOM, OtterAuthorizer.API_KEY),
    GET_DEVELOPER_ROOM(Api.HTTP, "GET /rooms/{id}", OtterFunction.DEVELOPER_ROOMS, OtterAuthorizer.API_KEY),
    END_DEVELOPER_ROOM(Api.HTTP, "DELETE /rooms/{id}", OtterFunction.DEVELOPER_ROOMS, OtterAuthorizer.API_KEY),
    ROTATE_API_KEY(Api.HTTP, "POST /apiKeys/rotate", OtterFunction.ROTATE_API_KEY, OtterAuthorizer.API_KEY),
    LIST_API_KEYS(Api.HTTP, "GET /apiKeys", OtterFunction.API_KEYS, OtterAuthorizer.API_KEY),
    REVOKE_API_KEY(Api.HTTP, "DELETE /apiKeys/{id}", OtterFunction.API_KEYS, OtterAuthorizer.API_KEY),
    REGISTER_WEBHOOK(Api.HTTP, "POST /webhooks", OtterFunction.WEBHOOKS, OtterAuthorizer.API_KEY),
    LIST_WEBHOOKS(Api.HTTP, "GET /webhooks", OtterFunction.WEBHOOKS, OtterAuthorizer.API_KEY),
    DELETE_WEBHOOK(Api.HTTP, "DELETE /webhooks/{id}", OtterFunction.WEBHOOKS, OtterAuthorizer.API_KEY),
    LIST_WEBHOOK_DEAD_LETTERS(Api.HTTP, "GET /webhooks/deadLetters", OtterFunction.WEBHOOKS, OtterAuthorizer.API_KEY),
    GET_ROOM(Api.HTTP, "GET /room/{id}", OtterFunction.GET_ROOM, OtterAuthorizer.ROOM_TOKEN),
    CREDENTIALS(Api.HTTP, "GET /credentials", OtterFunction.CREDENTIALS, OtterAuthorizer.ROOM_TOKEN),
    CONNECT(Api.WEBSOCKET, "$connect", OtterFunction.CONNECT, OtterAuthorizer.CONNECT_TOKEN),
    MESSAGE(Api.WEBSOCKET, "$default", OtterFunction.MESSAGE, null),
    DISCONNECT(Api.WEBSOCKET, "$disconnect", OtterFunction.DISCONNECT, null);

    public enum Api { HTTP, WEBSOCKET }

    /**
     * The request header of {@link #CREDENTIALS} that proves a seat: the {@code resumeToken} of the caller's
     * {@code joined} message. The room token alone is the link every invitee holds, so it gets no TURN relay.
     * The HTTP API's CORS configuration allows it.
     */
    public static final String SEAT_HEADER = "x-otter-seat";

    /** The WebSocket API picks a route by this field of a message's JSON body (it has only {@code $default}). */
    public static final String WEBSOCKET_ROUTE_SELECTION = "$request.body.action";

    private final Api api;
    private final String routeKey;
    private final OtterFunction function;
    private final OtterAuthorizer authorizer;

    OtterRoute(Api api, String routeKey, OtterFunction function, OtterAuthorizer authorizer) {
        if (authorizer != null && authorizer.api() != api) {
            throw new IllegalArgumentException(routeKey + ": a " + authorizer.api() + " authorizer on a " + api + " route");
        }
        this.api = api;
        this.routeKey = routeKey;
        this.function = function;
        this.authorizer = authorizer;
    }

    public static List<OtterRoute> of(Api api) {
        return Arrays.stream(values()).filter(route -> route.api == api).toList();
    }

    public Api api() {
        return api;
    }

    /** As API Gateway names it: {@code "GET /room/{id}"} (HTTP), {@code "$connect"} (WebSocket). */
    public String routeKey() {
        return routeKey;
    }

    /** The HTTP method of an HTTP route. */
    public String method() {
        requireHttp();
        return routeKey.substring(0, routeKey.indexOf(' '));
    }

    /** The path template of an HTTP route, e.g. {@code /room/{id}}. */
    public String path() {
        requireHttp();
        return routeKey.substring(routeKey.indexOf(' ') + 1);
    }

    public OtterFunction function() {
        return function;
    }

    /** The authorizer API Gateway runs first, or {@code null} for none. */
    public OtterAuthorizer authorizer() {
        return authorizer;
    }

    private void requireHttp() {
        if (api != Api.HTTP) {
            throw new IllegalStateException(routeKey + " is a WebSocket route: it has no method or path");
        }
    }
}
