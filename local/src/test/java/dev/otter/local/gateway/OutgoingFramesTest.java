package dev.otter.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutgoingFramesTest {
    @Test
    void split_keepsEachFrameWithinTheLimit_andNeverSplitsACharacter() {
        String message = "ab€😀".repeat(1000);

        List<String> frames = OutgoingFrames.split(message, 100);

        assertThat(String.join("", frames)).isEqualTo(message);
        assertThat(frames).allSatisfy(frame -> {
            assertThat(frame.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(100);
            assertThat(Character.isHighSurrogate(frame.charAt(frame.length() - 1))).isFalse();
        });
    }

    @Test
    void split_leavesASmallMessageWhole() {
        assertThat(OutgoingFrames.split("{\"type\":\"pong\"}", 32 * 1024)).containsExactly("{\"type\":\"pong\"}");
    }
}
