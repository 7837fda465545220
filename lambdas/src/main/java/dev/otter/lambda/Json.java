package dev.otter.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Request bodies in, response bodies out; unknown fields are ignored, wrong types refused by name. */
public final class Json {
    /** Bodies above this are refused before parsing. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private Json() {}

    /** Built on first use: writing the HTTP API's bodies does not need it ({@link JsonWriter}). */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static String write(Object value) {
        String plain = JsonWriter.write(value);
        if (plain != null) return plain;
        try {
            return Mapper.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * An absent or empty body is an empty object.
     *
     * @throws OtterException PAYLOAD_TOO_LARGE or INVALID_JSON
     */
    public static ObjectNode readObject(String body, boolean base64Encoded) {
        if (body == null || body.isEmpty()) return Mapper.MAPPER.createObjectNode();
        byte[] bytes = base64Encoded ? decode(body) : body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BODY_BYTES) throw new OtterException(Problem.PAYLOAD_TOO_LARGE, "the body is over 64 KB");
        JsonNode node;
        try {
            node = Mapper.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw invalidJson();
        }
        if (node == null || node.isMissingNode()) return Mapper.MAPPER.createObjectNode();
        if (!node.isObject()) throw invalidJson();
        return (ObjectNode) node;
    }

    /** A JSON {@code null} counts as absent. */
    public static Optional<Integer> integer(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return Optional.empty();
        if (!node.isIntegralNumber() || !node.canConvertToInt()) throw OtterException.invalidField(field + " must be an integer");
        return Optional.of(node.intValue());
    }

    public static Optional<String> text(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return Optional.empty();
        if (!node.isTextual()) throw OtterException.invalidField(field + " must be a string");
        return Optional.of(node.asText());
    }

    public static Optional<Boolean> bool(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return Optional.empty();
        if (!node.isBoolean()) throw OtterException.invalidField(field + " must be true or false");
        return Optional.of(node.booleanValue());
    }

    /** An array of strings; a JSON {@code null} counts as absent. */
    public static Optional<List<String>> strings(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return Optional.empty();
        OtterException wrongType = OtterException.invalidField(field + " must be an array of strings");
        if (!node.isArray()) throw wrongType;
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) throw wrongType;
            values.add(element.asText());
        }
        return Optional.of(values);
    }

    private static byte[] decode(String body) {
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw invalidJson();
        }
    }

    private static OtterException invalidJson() {
        return new OtterException(Problem.INVALID_JSON, "the body must be a JSON object");
    }
}
