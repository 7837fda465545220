package dev.otter.lambda;

import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import java.util.EnumMap;
import java.util.Map;

/** The one mapping from a domain {@link Problem} to an HTTP status and a stable error code. */
public final class Errors {
    public record Mapped(int status, String code) {}

    private static final Map<Problem, Mapped> MAPPING = new EnumMap<>(Problem.class);

    static {
        map(Problem.INVALID_JSON, 400, "invalid-json");
        map(Problem.INVALID_FIELD, 400, "invalid-field");
        map(Problem.PAYLOAD_TOO_LARGE, 413, "payload-too-large");
        map(Problem.UNAUTHORIZED, 401, "unauthorized");
        map(Problem.FORBIDDEN, 403, "forbidden");
        map(Problem.WRONG_ROOM, 403, "wrong-room");
        map(Problem.ROOM_NOT_FOUND, 404, "room-not-found");
        map(Problem.ROOM_ENDED, 410, "room-ended");
        map(Problem.ROOM_FULL, 409, "room-full");
        map(Problem.API_KEY_NOT_FOUND, 404, "api-key-not-found");
        map(Problem.LAST_CURRENT_KEY, 409, "last-current-key");
        map(Problem.WEBHOOK_NOT_FOUND, 404, "webhook-not-found");
        map(Problem.WEBHOOK_LIMIT, 409, "webhook-limit");
        map(Problem.REMOVED, 403, "removed");
        map(Problem.GUEST_LINK_STOPPED, 403, "guest-link-stopped");
        map(Problem.DENIED, 403, "denied");
        map(Problem.BUSY, 503, "busy");
        map(Problem.INVALID_MESSAGE, 400, "invalid-message");
        map(Problem.UNKNOWN_ACTION, 400, "unknown-action");
        map(Problem.MESSAGE_TOO_LARGE, 413, "message-too-large");
        map(Problem.PEER_NOT_FOUND, 404, "peer-not-found");
        map(Problem.NOT_IN_ROOM, 409, "not-in-room");
        map(Problem.RATE_LIMITED, 429, "rate-limited");
    }

    public static final Mapped INTERNAL = new Mapped(500, "internal-error");

    private Errors() {}

    public static Mapped of(OtterException e) {
        return of(e.problem());
    }

    public static Mapped of(Problem problem) {
        return MAPPING.get(problem);
    }

    /** {@code {"error":{"code":…,"message":…}}} */
    public static String httpBody(String code, String message) {
        return Json.write(Map.of("error", Map.of("code", code, "message", message)));
    }

    private static void map(Problem problem, int status, String code) {
        MAPPING.put(problem, new Mapped(status, code));
    }
}
