package dev.otter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomSecretTest {
    @Test
    void generate_gives32RandomBytesAsBase64UrlWithoutPadding() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = RoomSecret.generate();

            assertThat(secret).matches("[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
            seen.add(secret);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void appendTo_addsTheSecretBesideTheTokenInTheFragment() {
        String secret = RoomSecret.generate();

        assertThat(RoomSecret.appendTo("http://127.0.0.1:8080/room/r1#token=a.b.c", secret))
                .isEqualTo("http://127.0.0.1:8080/room/r1#token=a.b.c&k=" + secret);
        assertThatThrownBy(() -> RoomSecret.appendTo("http://127.0.0.1:8080/room/r1", secret))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
