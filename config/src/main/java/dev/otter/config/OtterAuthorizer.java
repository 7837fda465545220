package dev.otter.config;

/**
 * The Lambda authorizers API Gateway runs before a route's function, with what API Gateway reads before
 * calling them. The CDK app configures them from here and the local gateway emulates exactly this.
 */
public enum OtterAuthorizer {
    /**
     * Developer routes. An API key may come in either of two headers, which an HTTP API would require both of if
     * they were identity sources, so there is none: the function runs on every request. No caching either: a
     * cached allow would outlive a rotated-out key.
     */
    API_KEY(OtterRoute.Api.HTTP, OtterFunction.API_KEY_AUTHORIZER, null, 0),
    /** Room routes: a room token is immutable until it expires, so an allow may be cached per token. */
    ROOM_TOKEN(OtterRoute.Api.HTTP, OtterFunction.ROOM_TOKEN_AUTHORIZER, IdentitySource.header("Authorization"), 300),
    /** The WebSocket {@code $connect}: browsers cannot set headers on a WebSocket, so the token is a query parameter. */
    CONNECT_TOKEN(OtterRoute.Api.WEBSOCKET, OtterFunction.CONNECT_AUTHORIZER, IdentitySource.queryString("token"), 0);

    private final OtterRoute.Api api;
    private final OtterFunction function;
    private final IdentitySource identitySource;
    private final int cacheSeconds;

    OtterAuthorizer(OtterRoute.Api api, OtterFunction function, IdentitySource identitySource, int cacheSeconds) {
        this.api = api;
        this.function = function;
        this.identitySource = identitySource;
        this.cacheSeconds = cacheSeconds;
    }

    /**
     * HTTP API authorizers answer with the simple response ({@code isAuthorized}, payload 2.0); the WebSocket
     * API's is a REQUEST authorizer that answers with an IAM policy.
     */
    public OtterRoute.Api api() {
        return api;
    }

    public OtterFunction function() {
        return function;
    }

    /**
     * What API Gateway must find in the request before it calls the function (it answers 401 itself when it is
     * missing), or {@code null}: the function runs on every request.
     */
    public IdentitySource identitySource() {
        return identitySource;
    }

    /** How long API Gateway may reuse an answer for the same identity source; 0: never. */
    public int cacheSeconds() {
        return cacheSeconds;
    }

    /** One request value API Gateway checks for, and keys its authorizer cache by. */
    public record IdentitySource(Location location, String name) {
        public enum Location { HEADER, QUERY_STRING }

        public static IdentitySource header(String name) {
            return new IdentitySource(Location.HEADER, name);
        }

        public static IdentitySource queryString(String name) {
            return new IdentitySource(Location.QUERY_STRING, name);
        }

        /** As API Gateway writes it: {@code $request.header.Authorization}, {@code route.request.querystring.token}. */
        public String expression(OtterRoute.Api api) {
            String prefix = api == OtterRoute.Api.HTTP ? "$request." : "route.request.";
            return prefix + (location == Location.HEADER ? "header." : "querystring.") + name;
        }
    }
}
