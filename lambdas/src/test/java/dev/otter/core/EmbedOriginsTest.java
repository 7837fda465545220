package dev.otter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedOriginsTest {
    @Test
    void origins_areStoredAsBrowsersReportThem_withoutDuplicates() {
        assertThat(EmbedOrigins.normalise(List.of("HTTPS://App.Example.COM", "https://app.example.com:443", "http://localhost:80",
                "http://127.0.0.1:5173", "https://10.0.0.7:8443")))
                .containsExactly("https://app.example.com", "http://localhost", "http://127.0.0.1:5173", "https://10.0.0.7:8443");
    }

    @Test
    void tenOriginsAreAllowed_elevenAreNot() {
        List<String> ten = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "https://a" + i + ".example.com").toList();

        assertThat(EmbedOrigins.normalise(ten)).hasSize(10);
        assertInvalid(java.util.stream.Stream.concat(ten.stream(), java.util.stream.Stream.of("https://b.example.com")).toList(),
                "at most 10");
    }

    @Test
    void anythingButAnOrigin_isRefused_namingTheEntry() {
        for (String bad : new String[] {"", "https://", "https://app.example.com/", "https://app.example.com/path",
                "http://app.example.com", "http://localhost.example.com", "ftp://app.example.com", "https://-app.example.com",
                "https://app..example.com", "https://[::1]", "https://app.example.com:", "https://app.example.com:99999",
                "https://app.example.com#x", "https://app.example.com ", " https://app.example.com", "*"}) {
            assertInvalid(List.of("https://fine.example.com", bad), "embedOrigins[1]");
        }
        assertInvalid(Collections.singletonList(null), "embedOrigins[0]");
    }

    private static void assertInvalid(List<String> origins, String messagePart) {
        assertThatThrownBy(() -> EmbedOrigins.normalise(origins)).as(String.valueOf(origins))
                .isInstanceOf(OtterException.class)
                .hasMessageContaining(messagePart)
                .extracting("problem").isEqualTo(Problem.INVALID_FIELD);
    }
}
