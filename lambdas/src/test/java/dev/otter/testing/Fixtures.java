package dev.otter.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * API Gateway events recorded as JSON under src/test/resources/events/. A value written as the string
 * {@code "{{name}}"} is replaced by the JSON of {@code values.get(name)} (a string, object, or null).
 */
public final class Fixtures {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Fixtures() {}

    public static <T> T event(String path, Class<T> type, Map<String, ?> values) {
        try {
            return MAPPER.readValue(json(path, values), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's JSON with its placeholders filled, as API Gateway would send it to the Lambda runtime. */
    public static String json(String path, Map<String, ?> values) {
        String json = read(path);
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            try {
                json = json.replace("\"{{" + entry.getKey() + "}}\"", MAPPER.writeValueAsString(entry.getValue()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (json.contains("\"{{")) throw new AssertionError("unfilled placeholder in " + path + " at " + json.substring(json.indexOf("\"{{")).split("}}")[0]);
        return json;
    }

    private static String read(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/events/" + path)) {
            if (in == null) throw new AssertionError("no fixture events/" + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
