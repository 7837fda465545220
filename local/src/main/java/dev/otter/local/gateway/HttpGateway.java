package dev.otter.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP API under a base path: finds the route, runs its authorizer the way API Gateway does, builds the
 * payload-2.0 event and writes the integration's response. Answers that API Gateway itself gives (no route,
 * missing identity, denied, failing function) use API Gateway's exact status and body.
 */
public final class HttpGateway extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(HttpGateway.class.getName());
    /** API Gateway HTTP APIs accept request bodies up to 10 MB. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final String basePath;
    private final List<HttpRoute> routes;
    private final HttpEvents events;

    public HttpGateway(String basePath, List<HttpRoute> routes) {
        super(InvocationType.BLOCKING);
        this.basePath = basePath;
        this.routes = List.copyOf(routes);
        this.events = new HttpEvents();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
            return false;
        }
        String routePath = path.substring(basePath.length());
        // The body is read before anything is answered: a request answered with its body unread leaves the
        // connection unusable, and Jetty then closes it after the answer, which a client that reuses connections
        // meets as a request that got no response.
        byte[] body = readBody(request);
        if (body == null) {
            // The rest of the body stays unread, so the connection cannot carry another request: without the close,
            // Jetty would take whatever the client sends next as that body, and the next request got no answer.
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            writeGatewayAnswer(response, callback, 413, "Request Entity Too Large");
            return true;
        }
        Optional<Matched> matched = find(request.getMethod(), routePath.isEmpty() ? "/" : routePath);
        if (matched.isEmpty()) {
            writeGatewayAnswer(response, callback, 404, "Not Found");
            return true;
        }
        HttpRoute route = matched.get().route();
        Map<String, String> pathParameters = matched.get().pathParameters();
        try {
            Optional<Map<String, Object>> authorizerContext = authorize(route, request, routePath, pathParameters);
            if (authorizerContext == null) {
                writeGatewayAnswer(response, callback, 401, "Unauthorized");
                return true;
            }
            if (authorizerContext.isEmpty()) {
                writeGatewayAnswer(response, callback, 403, "Forbidden");
                return true;
            }
            APIGatewayV2HTTPEvent event =
                    events.routeEvent(route, request, routePath, pathParameters, body, authorizerContext.get());
            APIGatewayV2HTTPResponse result = route.integration().invoke(event);
            writeIntegrationResponse(response, callback, result);
        } catch (RuntimeException e) {
            // API Gateway hides a failing function behind a bare 500; so do we, and the log says which.
            LOG.log(Level.SEVERE, "function failed on " + route.routeKey(), e);
            writeGatewayAnswer(response, callback, 500, "Internal Server Error");
        }
        return true;
    }

    /**
     * {@code null}: identity missing (401); empty: denied (403); otherwise the context for
     * {@code requestContext.authorizer.lambda}.
     */
    private Optional<Map<String, Object>> authorize(
            HttpRoute route, Request request, String routePath, Map<String, String> pathParameters) {
        HttpAuthorizer authorizer = route.authorizer();
        if (authorizer == null) {
            return Optional.of(Map.of());
        }
        Optional<String> identity = authorizer.identityHeader().map(name -> request.getHeaders().get(name));
        if (authorizer.identityHeader().isPresent() && (identity.isEmpty() || identity.get().isEmpty())) {
            return null;
        }
        APIGatewayV2CustomAuthorizerEvent event =
                events.authorizerEvent(route, request, routePath, pathParameters, identity);
        SimpleIAMPolicyResponse decision = authorizer.function().invoke(event);
        if (decision == null || !decision.getIsAuthorized()) {
            return Optional.empty();
        }
        Map<String, String> context = decision.getContext() == null ? Map.of() : decision.getContext();
        return Optional.of(Map.copyOf(context));
    }

    private Optional<Matched> find(String method, String routePath) {
        for (HttpRoute route : routes) {
            if (route.method().equals(method)) {
                Optional<Map<String, String>> parameters = route.match(routePath);
                if (parameters.isPresent()) {
                    return Optional.of(new Matched(route, parameters.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** The body, or {@code null} when it is over API Gateway's limit. */
    private static byte[] readBody(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            return null;
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            return bytes.length > MAX_BODY_BYTES ? null : bytes;
        }
    }

    private static void writeIntegrationResponse(Response response, Callback callback, APIGatewayV2HTTPResponse result) {
        response.setStatus(result.getStatusCode() == 0 ? 200 : result.getStatusCode());
        if (result.getHeaders() != null) {
            result.getHeaders().forEach((name, value) -> response.getHeaders().put(name, value));
        }
        if (result.getMultiValueHeaders() != null) {
            result.getMultiValueHeaders().forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
        }
        if (result.getCookies() != null) {
            result.getCookies().forEach(cookie -> response.getHeaders().add(HttpHeader.SET_COOKIE, cookie));
        }
        String body = result.getBody();
        if (body == null || body.isEmpty()) {
            callback.succeeded();
            return;
        }
        if (!response.getHeaders().contains(HttpHeader.CONTENT_TYPE)) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        }
        byte[] bytes = result.getIsBase64Encoded()
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    static void writeGatewayAnswer(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        String body = "{\"message\":\"" + message + "\"}";
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private record Matched(HttpRoute route, Map<String, String> pathParameters) {}
}
