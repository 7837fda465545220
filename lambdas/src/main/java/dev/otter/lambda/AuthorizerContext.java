package dev.otter.lambda;

import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.Role;
import java.util.Map;

/**
 * The keys Otter's authorizers put into API Gateway's authorizer context, and their reading. API Gateway
 * may hand context values back as strings, so every value is read through {@link String#valueOf}.
 */
public final class AuthorizerContext {
    public static final String ROOM_ID = "roomId";
    public static final String ROLE = "role";
    public static final String PEER_ID = "peerId";
    /** "true" when the $connect authorizer verified a resume token for {@link #PEER_ID}. */
    public static final String RESUMED = "resumed";
    /** "true" for a standby connection ({@code ?standby=1}, never with a resume token): seated at its first join. */
    public static final String STANDBY = "standby";
    /** The per-person link a room token carries; absent for the room's shared links. */
    public static final String LINK_ID = "linkId";

    private AuthorizerContext() {}

    /** @throws OtterException UNAUTHORIZED when the gateway passed no such value (a misconfigured route) */
    public static String require(Map<String, Object> context, String key) {
        Object value = context == null ? null : context.get(key);
        if (value == null || String.valueOf(value).isEmpty()) {
            throw new OtterException(Problem.UNAUTHORIZED, "no authorizer context");
        }
        return String.valueOf(value);
    }

    /** The per-person link of the caller's token, or {@code null} for a shared link. */
    public static String linkId(Map<String, Object> context) {
        Object value = context == null ? null : context.get(LINK_ID);
        return value == null || String.valueOf(value).isEmpty() ? null : String.valueOf(value);
    }

    public static Role role(Map<String, Object> context) {
        try {
            return Role.fromWire(require(context, ROLE));
        } catch (IllegalArgumentException e) {
            throw new OtterException(Problem.UNAUTHORIZED, "no authorizer context");
        }
    }
}
