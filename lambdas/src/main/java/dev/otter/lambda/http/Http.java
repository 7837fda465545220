package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otter.core.OtterException;
import dev.otter.lambda.Errors;
import dev.otter.lambda.Json;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** What every HTTP handler does the same way: JSON out, errors mapped in one place, headers read loosely. */
public final class Http {
    private static final System.Logger LOG = System.getLogger(Http.class.getName());
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json", "cache-control", "no-store");

    private Http() {}

    static APIGatewayV2HTTPResponse json(int status, Object body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(JSON_HEADERS).withBody(Json.write(body)).build();
    }

    /**
     * Writes and reads the bodies of the commonest answers once, so that Jackson has built their serializers
     * before a SnapStart snapshot is taken ({@link dev.otter.lambda.SnapStartPriming}). Touches no service.
     */
    public static void primeJson() {
        json(200, new HttpBodies.ParticipantRoom("PrimingRoom00000000000", "priming", "2000-01-01T00:00:00Z", 2, 0, false,
                "guest", false, java.util.List.of(), false, false, null));
        json(201, new HttpBodies.CreatedRoom("PrimingRoom00000000000", "https://priming.invalid/r", "https://priming.invalid/h",
                "2000-01-01T00:00:00Z", 2, 1, "priming", false, false, java.util.List.of()));
        error(404, "room-not-found", "priming");
        Json.readObject("{\"maxParticipants\":2,\"name\":\"priming\",\"relayOnly\":false,\"embedOrigins\":[]}", false);
    }

    /** Runs the handler body; a refusal becomes its error response, anything unexpected a bare 500. */
    static APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event, Supplier<APIGatewayV2HTTPResponse> work) {
        try {
            return work.get();
        } catch (OtterException e) {
            Errors.Mapped mapped = Errors.of(e);
            return error(mapped.status(), mapped.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + requestId(event) + " failed: " + e.getClass().getName());
            return error(Errors.INTERNAL.status(), Errors.INTERNAL.code(), "something went wrong on our side");
        }
    }

    static APIGatewayV2HTTPResponse error(int status, String code, String message) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(JSON_HEADERS)
                .withBody(Errors.httpBody(code, message)).build();
    }

    static ObjectNode body(APIGatewayV2HTTPEvent event) {
        return Json.readObject(event.getBody(), event.getIsBase64Encoded());
    }

    static Map<String, Object> authorizerContext(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null) return Map.of();
        Map<String, Object> lambda = context.getAuthorizer().getLambda();
        return lambda == null ? Map.of() : lambda;
    }

    static String method(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        return context == null || context.getHttp() == null ? "" : context.getHttp().getMethod();
    }

    static Optional<String> pathParameter(APIGatewayV2HTTPEvent event, String name) {
        return Optional.ofNullable(event.getPathParameters()).map(parameters -> parameters.get(name));
    }

    /** Header names are lower-case in payload 2.0; compared case-insensitively all the same. */
    static Optional<String> header(Map<String, String> headers, String name) {
        if (headers == null) return Optional.empty();
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .filter(value -> value != null && !value.isBlank())
                .findFirst();
    }

    static Optional<String> bearer(Map<String, String> headers) {
        return header(headers, "authorization")
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim())
                .filter(token -> !token.isEmpty());
    }

    /** {@code Authorization: Bearer otr_…} or {@code x-api-key: otr_…}. */
    static Optional<String> apiKey(Map<String, String> headers) {
        return bearer(headers).or(() -> header(headers, "x-api-key").map(String::trim));
    }

    /** A link into the web app: {@code <web app>/room/<id>#token=<jwt>} (the token in the fragment never reaches a server). */
    static String roomLink(String webAppUrl, String roomId, String token) {
        return webAppUrl + "/room/" + roomId + "#token=" + token;
    }

    /** A query string parameter, absent when missing or empty. */
    static Optional<String> query(APIGatewayV2HTTPEvent event, String name) {
        return Optional.ofNullable(event.getQueryStringParameters()).map(parameters -> parameters.get(name)).filter(value -> !value.isEmpty());
    }

    private static String requestId(APIGatewayV2HTTPEvent event) {
        return event.getRequestContext() == null ? "?" : event.getRequestContext().getRequestId();
    }
}
