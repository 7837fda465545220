package dev.otter.core.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import java.nio.charset.StandardCharsets;

/** The signaling protocol's JSON: parsing client messages strictly, writing server messages. */
public final class Wire {
    /** API Gateway's WebSocket message limit. */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Wire() {}

    public static String write(ServerMessage message) {
        try {
            return MAPPER.writerFor(ServerMessage.class).writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * @throws OtterException MESSAGE_TOO_LARGE, INVALID_MESSAGE or UNKNOWN_ACTION
     */
    public static ClientMessage parse(String body) {
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            throw new OtterException(Problem.MESSAGE_TOO_LARGE, "messages are limited to 128 KB");
        }
        JsonNode root;
        try {
            root = body == null ? null : MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("the message is not JSON");
        }
        if (root == null || !root.isObject()) throw invalid("the message must be a JSON object");
        JsonNode action = root.get("action");
        if (action == null || !action.isTextual()) throw new OtterException(Problem.UNKNOWN_ACTION, "action is missing");
        return switch (action.asText()) {
            case "join" -> new ClientMessage.Join(name(root));
            case "signal" -> new ClientMessage.Signal(text(root, "to"), object(root, "data"));
            case "ping" -> new ClientMessage.Ping();
            case "remove" -> new ClientMessage.Remove(text(root, "peerId"));
            case "end" -> new ClientMessage.End();
            case "leave" -> new ClientMessage.Leave();
            case "lock" -> new ClientMessage.Lock();
            case "unlock" -> new ClientMessage.Unlock();
            case "admit" -> new ClientMessage.Admit(text(root, "peerId"));
            case "deny" -> new ClientMessage.Deny(text(root, "peerId"));
            default -> throw new OtterException(Problem.UNKNOWN_ACTION, "unknown action");
        };
    }

    private static String name(JsonNode root) {
        String name = text(root, "name").trim();
        if (name.isEmpty() || name.length() > ClientMessage.MAX_NAME_LENGTH) {
            throw invalid("name must be 1 to " + ClientMessage.MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isEmpty()) throw invalid(field + " must be a non-empty string");
        return node.asText();
    }

    private static ObjectNode object(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isObject()) throw invalid(field + " must be a JSON object");
        return (ObjectNode) node;
    }

    private static OtterException invalid(String message) {
        return new OtterException(Problem.INVALID_MESSAGE, message);
    }
}
