package dev.otter.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otter.core.Ids;
import dev.otter.core.Role;
import dev.otter.core.Room;
import dev.otter.core.RoomOptions;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RoomStore} must do, run against each implementation (in memory, and DynamoDB on dynalite),
 * so that the fast core tests and the real adapter cannot drift apart.
 */
public abstract class RoomStoreContract {
    /** Whole seconds, as stored; the real now, so that stores comparing against the clock agree. */
    protected static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    protected abstract RoomStore store();

    private Room newRoom(int maxParticipants, boolean lobby) {
        Room room = Room.create(Ids.roomId(), new RoomOptions(maxParticipants, 48, "Contract", true, lobby,
                List.of("https://app.example.com")), NOW, NOW.plus(Duration.ofHours(48)));
        store().create(room);
        return room;
    }

    private static Seat seat(Room room, String peerId, String connectionId, SeatState state) {
        return new Seat(room.roomId(), peerId, connectionId, Role.GUEST, state == SeatState.CONNECTED ? null : "Name " + peerId,
                state, NOW.plusMillis(peerId.hashCode() & 0xffff));
    }

    private static List<RoomCondition> takeSeat(String peerId) {
        return List.of(new RoomCondition.OpenAt(NOW), new RoomCondition.SeatFree(peerId), new RoomCondition.HasFreeSeat());
    }

    @Test
    void create_thenFind_returnsTheRoomAsCreated() {
        Room room = newRoom(4, true);

        assertThat(store().find(room.roomId())).contains(room);
        assertThatThrownBy(() -> store().create(room)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void unknownRoom_isNotFound_andAnUpdateCreatesNothing() {
        String roomId = Ids.roomId();

        assertThat(store().update(roomId, List.of(), List.of(new RoomChange.End()))).isEmpty();
        assertThat(store().find(roomId)).isEmpty();
    }

    @Test
    void putSeat_underTheCapacityCondition_takesSeatsUntilTheRoomIsFull_andReturnsTheRoomBefore() {
        Room room = newRoom(2, false);
        Seat a = seat(room, "a", "conn-a", SeatState.CONNECTED);
        Seat b = seat(room, "b", "conn-b", SeatState.CONNECTED);
        Seat c = seat(room, "c", "conn-c", SeatState.CONNECTED);

        Optional<Room> first = store().update(room.roomId(), takeSeat("a"), List.of(new RoomChange.PutSeat(a)));
        Optional<Room> second = store().update(room.roomId(), takeSeat("b"), List.of(new RoomChange.PutSeat(b)));
        Optional<Room> third = store().update(room.roomId(), takeSeat("c"), List.of(new RoomChange.PutSeat(c)));
        Optional<Room> again = store().update(room.roomId(), List.of(new RoomCondition.SeatFree("a")), List.of(new RoomChange.PutSeat(a)));

        assertThat(first).contains(room);
        assertThat(second.orElseThrow().seats()).isEqualTo(Map.of("a", a));
        assertThat(third).isEmpty();
        assertThat(again).isEmpty();
        assertThat(store().find(room.roomId()).orElseThrow().seats()).isEqualTo(Map.of("a", a, "b", b));
    }

    @Test
    void openAt_failsOnAnEndedOrExpiredRoom() {
        Room room = newRoom(4, false);
        Seat a = seat(room, "a", "conn-a", SeatState.CONNECTED);
        List<RoomChange> put = List.of(new RoomChange.PutSeat(a));

        assertThat(store().update(room.roomId(), List.of(new RoomCondition.OpenAt(room.expiresAt())), put)).isEmpty();
        assertThat(store().update(room.roomId(), List.of(new RoomCondition.OpenAt(room.expiresAt().minusSeconds(1))), put)).isPresent();
        store().update(room.roomId(), List.of(), List.of(new RoomChange.End()));
        assertThat(store().update(room.roomId(), List.of(new RoomCondition.OpenAt(NOW)), put)).isEmpty();
    }

    @Test
    void seatConditions_guardOwnershipAndState_andAFailedUpdateChangesNothing() {
        Room room = newRoom(4, true);
        Seat waiting = seat(room, "g", "conn-g", SeatState.WAITING);
        store().update(room.roomId(), takeSeat("g"), List.of(new RoomChange.PutSeat(waiting)));
        Seat joined = waiting.with(SeatState.JOINED, waiting.name());

        assertThat(store().update(room.roomId(), List.of(new RoomCondition.SeatHeldBy("g", "other")), List.of(new RoomChange.RemoveSeat("g")))).isEmpty();
        assertThat(store().update(room.roomId(), List.of(new RoomCondition.SeatIn("g", SeatState.JOINED)), List.of(new RoomChange.RemoveSeat("g")))).isEmpty();
        assertThat(store().update(room.roomId(), List.of(new RoomCondition.SeatTaken("nobody")), List.of(new RoomChange.RemoveSeat("g")))).isEmpty();
        assertThat(store().update(room.roomId(), List.of(new RoomCondition.SeatHeldBy("nobody", "conn-g")), List.of(new RoomChange.RemoveSeat("g")))).isEmpty();
        assertThat(store().find(room.roomId()).orElseThrow().seats()).isEqualTo(Map.of("g", waiting));

        Optional<Room> admitted = store().update(room.roomId(),
                List.of(new RoomCondition.SeatHeldBy("g", "conn-g"), new RoomCondition.SeatIn("g", SeatState.WAITING), new RoomCondition.SeatTaken("g")),
                List.of(new RoomChange.PutSeat(joined)));

        assertThat(admitted.orElseThrow().seats().get("g")).isEqualTo(waiting);
        assertThat(store().find(room.roomId()).orElseThrow().seats()).isEqualTo(Map.of("g", joined));
    }

    @Test
    void handOver_changesOnlyTheConnection_andRemoveSeat_freesIt() {
        Room room = newRoom(4, false);
        Seat a = seat(room, "a", "conn-a", SeatState.JOINED);
        store().update(room.roomId(), takeSeat("a"), List.of(new RoomChange.PutSeat(a)));

        Optional<Room> before = store().update(room.roomId(), List.of(new RoomCondition.SeatTaken("a")), List.of(new RoomChange.HandOver("a", "conn-a2")));
        Optional<Room> staleLeave = store().update(room.roomId(), List.of(new RoomCondition.SeatHeldBy("a", "conn-a")), List.of(new RoomChange.RemoveSeat("a")));

        assertThat(before.orElseThrow().seats().get("a").connectionId()).isEqualTo("conn-a");
        assertThat(staleLeave).isEmpty();
        assertThat(store().find(room.roomId()).orElseThrow().seats().get("a")).isEqualTo(a.withConnection("conn-a2"));

        Optional<Room> left = store().update(room.roomId(), List.of(new RoomCondition.SeatHeldBy("a", "conn-a2")), List.of(new RoomChange.RemoveSeat("a")));

        assertThat(left.orElseThrow().seats()).containsKey("a");
        assertThat(store().find(room.roomId()).orElseThrow().seats()).isEmpty();
    }

    @Test
    void markClosed_recordsWhenTheConnectionClosed_andAHandOverReopensTheSeat() {
        Room room = newRoom(4, false);
        Seat a = seat(room, "a", "conn-a", SeatState.JOINED);
        store().update(room.roomId(), takeSeat("a"), List.of(new RoomChange.PutSeat(a)));
        Instant closedAt = NOW.plusMillis(1234);

        store().update(room.roomId(), List.of(new RoomCondition.SeatHeldBy("a", "conn-a")), List.of(new RoomChange.MarkClosed("a", closedAt)));
        Seat closed = store().find(room.roomId()).orElseThrow().seats().get("a");
        store().update(room.roomId(), List.of(new RoomCondition.SeatTaken("a")), List.of(new RoomChange.HandOver("a", "conn-a2")));
        Seat reopened = store().find(room.roomId()).orElseThrow().seats().get("a");

        assertThat(closed).isEqualTo(a.closedAt(closedAt));
        assertThat(closed.isConnected()).isFalse();
        assertThat(reopened).isEqualTo(a.withConnection("conn-a2"));
        assertThat(reopened.isConnected()).isTrue();
    }

    @Test
    void end_marksTheRoomEnded_freesEverySeat_andReturnsWhoWasSeated() {
        Room room = newRoom(4, false);
        Seat a = seat(room, "a", "conn-a", SeatState.JOINED);
        Seat b = seat(room, "b", "conn-b", SeatState.CONNECTED);
        store().update(room.roomId(), takeSeat("a"), List.of(new RoomChange.PutSeat(a)));
        store().update(room.roomId(), takeSeat("b"), List.of(new RoomChange.PutSeat(b)));

        Optional<Room> before = store().update(room.roomId(), List.of(), List.of(new RoomChange.End()));

        assertThat(before.orElseThrow().seats()).isEqualTo(Map.of("a", a, "b", b));
        Room after = store().find(room.roomId()).orElseThrow();
        assertThat(after.ended()).isTrue();
        assertThat(after.seats()).isEmpty();
        assertThat(after.isOpenAt(NOW)).isFalse();
    }

    @Test
    void markRemoved_recordsThePeerForGood_andNotRemovedGuardsASeat() {
        Room room = newRoom(4, false);
        Seat a = seat(room, "a", "conn-a", SeatState.JOINED);
        store().update(room.roomId(), takeSeat("a"), List.of(new RoomChange.PutSeat(a)));

        Optional<Room> removed = store().update(room.roomId(), List.of(new RoomCondition.NotRemoved("a")),
                List.of(new RoomChange.RemoveSeat("a"), new RoomChange.MarkRemoved("a")));
        store().update(room.roomId(), List.of(), List.of(new RoomChange.MarkRemoved("b")));
        Optional<Room> back = store().update(room.roomId(), List.of(new RoomCondition.NotRemoved("a")), List.of(new RoomChange.PutSeat(a)));
        Optional<Room> other = store().update(room.roomId(), List.of(new RoomCondition.NotRemoved("c")), List.of(new RoomChange.MarkRemoved("c")));
        store().update(room.roomId(), List.of(), List.of(new RoomChange.End()));

        assertThat(removed.orElseThrow().removed()).isEmpty();
        assertThat(back).isEmpty();
        assertThat(other).isPresent();
        Room after = store().find(room.roomId()).orElseThrow();
        assertThat(after.removed()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(after.isRemoved("a")).isTrue();
        assertThat(after.seats()).isEmpty();
    }

    @Test
    void stopGuestLink_isRecorded_andGuestLinkOpenGuardsIt() {
        Room room = newRoom(4, false);

        Optional<Room> whileOpen = store().update(room.roomId(), List.of(new RoomCondition.GuestLinkOpen()), List.of(new RoomChange.StopGuestLink()));
        Optional<Room> afterwards = store().update(room.roomId(), List.of(new RoomCondition.GuestLinkOpen()), List.of(new RoomChange.StopGuestLink()));

        assertThat(whileOpen.orElseThrow().guestLinkStopped()).isFalse();
        assertThat(afterwards).isEmpty();
        assertThat(store().find(room.roomId()).orElseThrow().guestLinkStopped()).isTrue();
    }

    @Test
    void seatKnockedAt_guardsTheKnockTime_andAHandOverClearsIt() {
        Room room = newRoom(4, true);
        Seat waiting = seat(room, "g", "conn-g", SeatState.WAITING);
        store().update(room.roomId(), takeSeat("g"), List.of(new RoomChange.PutSeat(waiting)));
        Instant knockedAt = NOW.plusMillis(4321);
        Seat knocked = waiting.knockedAt(knockedAt);

        Optional<Room> first = store().update(room.roomId(), List.of(new RoomCondition.SeatKnockedAt("g", null)), List.of(new RoomChange.PutSeat(knocked)));
        Optional<Room> second = store().update(room.roomId(), List.of(new RoomCondition.SeatKnockedAt("g", null)), List.of(new RoomChange.PutSeat(knocked)));
        Optional<Room> asRead = store().update(room.roomId(), List.of(new RoomCondition.SeatKnockedAt("g", knockedAt)), List.of(new RoomChange.PutSeat(knocked)));
        Optional<Room> noSeat = store().update(room.roomId(), List.of(new RoomCondition.SeatKnockedAt("nobody", null)), List.of(new RoomChange.PutSeat(knocked)));

        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        assertThat(asRead).isPresent();
        assertThat(noSeat).isEmpty();
        assertThat(store().find(room.roomId()).orElseThrow().seats().get("g")).isEqualTo(knocked);

        store().update(room.roomId(), List.of(new RoomCondition.SeatTaken("g")), List.of(new RoomChange.HandOver("g", "conn-g2")));

        assertThat(store().find(room.roomId()).orElseThrow().seats().get("g")).isEqualTo(waiting.withConnection("conn-g2"));
        assertThat(store().update(room.roomId(), List.of(new RoomCondition.SeatKnockedAt("g", null)),
                List.of(new RoomChange.PutSeat(waiting.withConnection("conn-g2"))))).isPresent();
    }

    @Test
    void tenSimultaneousSeatTakers_ofAFourSeatRoom_exactlyFourSucceed() throws Exception {
        Room room = newRoom(4, false);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String peerId = "p" + i;
                Callable<Boolean> attempt = () -> {
                    go.await();
                    return store().update(room.roomId(), takeSeat(peerId),
                            List.of(new RoomChange.PutSeat(seat(room, peerId, "conn-" + peerId, SeatState.CONNECTED)))).isPresent();
                };
                attempts.add(pool.submit(attempt));
            }
            go.countDown();
            int taken = 0;
            for (Future<Boolean> attempt : attempts) if (attempt.get()) taken++;

            assertThat(taken).isEqualTo(4);
            assertThat(store().find(room.roomId()).orElseThrow().participants()).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }
}
