package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import dev.otter.local.process.Supervised;
import dev.otter.local.turn.TurnAllocation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The runner restarts a child that died (killed by its pid here), with the same configuration and data. */
class SupervisionTest {
    private static final Duration RESTART_WITHIN = Duration.ofSeconds(10);
    private static final Logger SUPERVISOR_LOG = Logger.getLogger(Supervised.class.getName());
    private static final List<String> logged = new CopyOnWriteArrayList<>();
    private static final Handler RECORDER = new Handler() {
        @Override public void publish(LogRecord record) { logged.add(record.getMessage()); }
        @Override public void flush() {}
        @Override public void close() {}
    };

    @RegisterExtension
    static final RunningOtter local = new RunningOtter(true, WebSocketLimits.API_GATEWAY);

    @BeforeAll
    static void recordSupervisorLog() {
        SUPERVISOR_LOG.addHandler(RECORDER);
    }

    @AfterAll
    static void stopRecordingSupervisorLog() {
        SUPERVISOR_LOG.removeHandler(RECORDER);
    }

    /** Kills the child by its pid (SIGKILL) and waits until a new one runs; returns the new pid. */
    private static long killAndAwaitRestart(String name, LongSupplier pid) throws Exception {
        long killed = pid.getAsLong();
        ProcessHandle handle = ProcessHandle.of(killed).orElseThrow();
        assertThat(handle.destroyForcibly()).isTrue();
        handle.onExit().get();
        Instant deadline = Instant.now().plus(RESTART_WITHIN);
        while (pid.getAsLong() == killed && Instant.now().isBefore(deadline)) Thread.sleep(50);
        long restarted = pid.getAsLong();
        assertThat(restarted).as(name + " restarted within " + RESTART_WITHIN).isNotEqualTo(killed);
        assertThat(logged).contains(name + " restarted as pid " + restarted)
                .anyMatch(line -> line.startsWith(name + " (pid " + killed + ") exited"));
        return restarted;
    }

    @Test
    void aKilledDynalite_isRestartedWithItsData_andTheNextJoinWorks() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        String guestToken = token(room.path("url").asText());
        Joined alice = TestSocket.join(local.client(), local.ws(), guestToken, "Alice");

        killAndAwaitRestart("dynalite", local.otter()::dynamoDbPid);
        Joined bob = TestSocket.join(local.client(), local.ws(), guestToken, "Bob");

        // The room and Alice's seat were on disk: Bob joins the same room and sees her, and she hears of him.
        assertThat(bob.message().path("peers")).extracting(peer -> peer.path("peerId").asText()).containsExactly(alice.peerId());
        assertThat(alice.socket().nextOfType("peer-joined").path("peer").path("peerId").asText()).isEqualTo(bob.peerId());
        alice.socket().close();
        bob.socket().close();
    }

    @Test
    void aKilledCoturn_isRestartedOnItsPort_andCredentialsIssuedBeforeStillAllocate() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        JsonNode credentials = LocalOtterFixture.joinAndFetchCredentials(local.otter(), token(room.path("url").asText()), "Guest")
                .path("iceServers").path(0);
        String username = credentials.path("username").asText();
        String password = credentials.path("credential").asText();
        int port = local.otter().turnPort().orElseThrow();
        InetSocketAddress turn = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        assertThat(TurnAllocation.allocate(turn, username, password, Duration.ofSeconds(2))).isTrue();
        assertThat(TurnAllocation.allocate(turn, username, password + "x", Duration.ofSeconds(2))).isFalse();

        killAndAwaitRestart("coturn", () -> local.otter().turnPid().orElseThrow());

        assertThat(local.otter().turnPort()).contains(port);
        assertThat(TurnAllocation.allocate(turn, username, password, Duration.ofSeconds(2))).isTrue();
    }
}
