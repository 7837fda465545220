package dev.otter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain writer of HTTP bodies writes exactly what Jackson's mapper wrote, and does not load the mapper. */
class JsonWriterTest {
    private static final ObjectMapper JACKSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    record Peer(String peerId, String name, String role, String joinedAt, String state) {}

    record Room(String roomId, String name, String expiresAt, int maxParticipants, long ttlSeconds, boolean relayOnly,
                List<String> embedOrigins, List<Peer> peers) {}

    record Unknown(java.time.Instant at) {}

    @Test
    void writesRecordsListsMapsAndEscapesAsJacksonDoes() throws Exception {
        String awkward = "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u0007 nul \u0000 del \u007f é 🦦 \u2028 \b \f";
        List<Object> samples = List.of(
                new Room("AbCdEfGhIjKlMnOpQrStUv", awkward, "2026-12-06T14:00:00Z", 4, 86_400L, true,
                        List.of("https://a.example", "https://b.example"),
                        List.of(new Peer("p1", null, "host", "2026-12-06T14:00:00Z", "joined"), new Peer("p2", "", "guest", "x", "waiting"))),
                new Room("r", null, "t", 0, -1L, false, List.of(), List.of()),
                Map.of("error", Map.of("code", "room-not-found", "message", awkward)),
                new LinkedHashMap<>(Map.of("a", 1)),
                List.of(1, "two", true));
        for (Object sample : samples) {
            assertThat(JsonWriter.write(sample)).isEqualTo(JACKSON.writeValueAsString(sample));
        }
    }

    @Test
    void leavesWhatItDoesNotKnowToTheMapper() throws Exception {
        Unknown unknown = new Unknown(java.time.Instant.EPOCH);
        assertThat(JsonWriter.write(unknown)).isNull();
        assertThat(JsonWriter.write(Map.of("a", 1.5))).isNull();
        assertThat(Json.write(List.of("x"))).isEqualTo("[\"x\"]");
    }

    @Test
    void writingAnErrorBodyLoadsNoObjectMapper() throws Exception {
        URL[] classPath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).map(entry -> {
            try {
                return Path.of(entry).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(URL[]::new);
        try (Fresh fresh = new Fresh(classPath)) {
            Class<?> errors = fresh.loadClass(Errors.class.getName());
            Object body = errors.getMethod("httpBody", String.class, String.class).invoke(null, "room-not-found", "no such room");
            assertThat((String) body).startsWith("{\"error\":{").contains("\"code\":\"room-not-found\"");
            assertThat(fresh.loaded("com.fasterxml.jackson.databind.ObjectMapper")).isFalse();
        }
    }

    /** A class loader of its own, so that nothing the test JVM already loaded counts. */
    private static final class Fresh extends URLClassLoader {
        Fresh(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }
    }
}
