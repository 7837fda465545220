package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API Gateway's idle timeout and maximum connection age, shortened to seconds. */
class ConnectionLimitsTest {
    private static final Duration IDLE = Duration.ofMillis(1500);
    private static final Duration MAX_AGE = Duration.ofSeconds(4);

    @RegisterExtension
    static final RunningOtter local = new RunningOtter(false, new WebSocketLimits(32 * 1024, 128 * 1024, IDLE, MAX_AGE));

    @Test
    void anIdleSocket_isClosedAfterTheIdleTimeout_withoutTheOthersSeeingALeave() throws Exception {
        String guest = token(createRoom(local.otter(), "{}").path("url").asText());
        Joined quiet = TestSocket.join(local.client(), local.ws(), guest, "Quiet");
        Joined chatty = TestSocket.join(local.client(), local.ws(), guest, "Chatty");
        long started = System.nanoTime();

        for (int i = 0; i < 6 && quiet.socket().isOpen(); i++) {
            chatty.socket().send("{\"action\":\"ping\"}");
            Thread.sleep(400);
        }
        int code = quiet.socket().awaitClose(Duration.ofSeconds(5));

        assertThat(code).isEqualTo(1001);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(IDLE.minusMillis(100));
        // Closed by the gateway, not left: the seat stays for a resume and nobody is told.
        assertThat(chatty.socket().receivesWithin("peer-left", Duration.ofSeconds(1))).isFalse();
        assertThat(chatty.socket().isOpen()).isTrue();
        chatty.socket().close();
    }

    @Test
    void aBusySocket_isClosedAtTheMaximumConnectionAge() throws Exception {
        String guest = token(createRoom(local.otter(), "{}").path("url").asText());
        Joined busy = TestSocket.join(local.client(), local.ws(), guest, "Busy");
        long started = System.nanoTime();

        while (busy.socket().isOpen() && Duration.ofNanos(System.nanoTime() - started).compareTo(MAX_AGE.multipliedBy(2)) < 0) {
            busy.socket().send("{\"action\":\"ping\"}");
            Thread.sleep(300);
        }
        int code = busy.socket().awaitClose(Duration.ofSeconds(1));

        assertThat(code).isEqualTo(1001);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(MAX_AGE.minusMillis(100));
    }
}
