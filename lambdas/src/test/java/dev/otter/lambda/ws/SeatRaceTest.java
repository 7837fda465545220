package dev.otter.lambda.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.Rooms;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.SignalingWorld;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Transitions racing each other on dynalite, through the real handlers: each is one conditional write of the
 * room document, so exactly one of two conflicting transitions wins and the room stays consistent.
 */
class SeatRaceTest extends SignalingWorld {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    /** Runs both at once (released together) and waits for both. */
    private static <A, B> void together(Callable<A> first, Callable<B> second) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Future<A> a = POOL.submit(() -> {
            go.await();
            return first.call();
        });
        Future<B> b = POOL.submit(() -> {
            go.await();
            return second.call();
        });
        go.countDown();
        a.get();
        b.get();
    }

    private static List<String> errorCodes(Connection connection) {
        return world.messenger.sentTo(connection.connectionId()).stream()
                .filter(m -> m.path("type").asText().equals("error")).map(m -> m.path("code").asText()).toList();
    }

    @RepeatedTest(5)
    void twoHostsAnsweringOneKnock_exactlyOneAnswerCounts() throws Exception {
        Rooms.CreatedRoom room = world.createLobbyRoom(4);
        Connection host = gateway.connect(room.hostToken());
        Connection coHost = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        gateway.join(coHost, "Co-host");
        Connection knocking = gateway.connect(room.guestToken());
        gateway.join(knocking, "Visitor");
        world.messenger.clear();
        String admit = "{\"action\":\"admit\",\"peerId\":\"" + knocking.peerId() + "\"}";
        String deny = "{\"action\":\"deny\",\"peerId\":\"" + knocking.peerId() + "\"}";

        together(() -> gateway.send(host, admit), () -> gateway.send(coHost, deny));

        List<String> hostErrors = errorCodes(host);
        List<String> coHostErrors = errorCodes(coHost);
        assertThat(hostErrors.size() + coHostErrors.size()).isEqualTo(1);
        assertThat(hostErrors).allMatch("peer-not-found"::equals);
        assertThat(coHostErrors).allMatch("peer-not-found"::equals);
        List<String> guestHeard = world.messenger.typesSentTo(knocking.connectionId());
        boolean admitted = coHostErrors.size() == 1;
        if (admitted) {
            assertThat(guestHeard).containsExactly("joined");
            assertThat(seatOf(room, knocking.peerId()).map(Seat::state)).contains(SeatState.JOINED);
        } else {
            assertThat(guestHeard).containsExactly("lobby-denied");
            assertThat(world.messenger.disconnected()).contains(knocking.connectionId());
            assertThat(seatOf(room, knocking.peerId())).isEmpty();
        }
        for (Connection each : List.of(host, coHost)) {
            JsonNode resolved = world.messenger.sentTo(each.connectionId()).stream()
                    .filter(m -> m.path("type").asText().equals("knock-resolved")).findFirst().orElseThrow();
            assertThat(resolved.path("admitted").asBoolean()).isEqualTo(admitted);
        }
    }

    @RepeatedTest(5)
    void resumeRacingAServerSideClose_alwaysKeepsTheSeat_andNobodyHearsOfIt() throws Exception {
        Rooms.CreatedRoom room = world.createRoom(2);
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        String resumeToken = gateway.join(b, "B").path("resumeToken").asText();
        world.messenger.clear();
        Connection[] back = new Connection[1];

        together(() -> back[0] = gateway.connect(room.guestToken(), resumeToken), () -> gateway.drop(b));
        JsonNode joined = gateway.join(back[0], "B");

        assertThat(back[0].status()).isEqualTo(200);
        assertThat(joined.path("resumed").asBoolean()).isTrue();
        Seat seat = seatOf(room, b.peerId()).orElseThrow();
        assertThat(seat.connectionId()).isEqualTo(back[0].connectionId());
        assertThat(seat.isConnected()).isTrue();
        assertThat(world.messenger.sentTo(a.connectionId())).isEmpty();
    }

    @RepeatedTest(5)
    void resumeRacingALeave_leavesThePeerSeatedOnTheNewConnection() throws Exception {
        Rooms.CreatedRoom room = world.createRoom(2);
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        String resumeToken = gateway.join(b, "B").path("resumeToken").asText();
        world.messenger.clear();
        Connection[] back = new Connection[1];

        together(() -> back[0] = gateway.connect(room.guestToken(), resumeToken), () -> gateway.close(b));
        JsonNode joined = gateway.join(back[0], "B");

        assertThat(back[0].status()).isEqualTo(200);
        assertThat(seatOf(room, b.peerId()).orElseThrow().connectionId()).isEqualTo(back[0].connectionId());
        assertThat(participantsOf(room)).isEqualTo(2);
        List<String> aHeard = world.messenger.typesSentTo(a.connectionId());
        if (joined.path("resumed").asBoolean()) {
            // The hand-over came first: b's late $disconnect no longer matched the seat, so nobody heard of it.
            assertThat(aHeard).isEmpty();
        } else {
            // The $disconnect came first: b left and came back on a new seat under the same peer id.
            assertThat(aHeard).containsExactly("peer-left", "peer-joined");
        }
        gateway.send(a, "{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":{\"candidate\":{}}}");
        assertThat(world.messenger.last(back[0].connectionId()).path("type").asText()).isEqualTo("signal");
    }
}
