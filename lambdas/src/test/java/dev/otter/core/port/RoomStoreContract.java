package dev.otter.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otter.core.Admission;
import dev.otter.core.Ids;
import dev.otter.core.Link;
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
    void expiredAt_holdsFromTheExpiryInstantOn_andNeverForAnEndedRoom() {
        Room room = newRoom(4, true);
        List<RoomChange> end = List.of(new RoomChange.End());

        assertThat(store().update(room.roomId(), List.of(new RoomCondition.ExpiredAt(room.expiresAt().minusSeconds(1))), end)).isEmpty();
        assertThat(store().update(room.roomId(), List.of(new RoomCondition.ExpiredAt(room.expiresAt())), end)).isPresent();
        assertThat(store().update(room.roomId(), List.of(new RoomCondition.ExpiredAt(room.expiresAt().plusSeconds(60))), end)).isEmpty();
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

    /** Whether the condition holds, by an update that changes nothing (DynamoDB needs a change in every update). */
    private Optional<Room> holds(String roomId, RoomCondition condition) {
        return store().update(roomId, List.of(condition), List.of(new RoomChange.ReopenGuestLink()));
    }

    private static Link link(String linkId, Link.Use use) {
        return new Link(linkId, Role.GUEST, "Named " + linkId, NOW, NOW.plus(Duration.ofHours(1)), use, Link.State.ACTIVE, null);
    }

    @Test
    void links_arePutBurnedAndRevoked_andLinkAdmitsFollowsTheirState() {
        Room room = newRoom(4, false);
        String id = room.roomId();
        Link single = link("singleLink01", Link.Use.SINGLE);

        assertThat(store().update(id, List.of(new RoomCondition.LinkExists("singleLink01")), List.of(new RoomChange.RevokeLink("singleLink01")))).isEmpty();
        assertThat(store().update(id, List.of(new RoomCondition.FewerLinksThan(1)), List.of(new RoomChange.PutLink(single)))).isPresent();
        assertThat(store().update(id, List.of(new RoomCondition.FewerLinksThan(1)), List.of(new RoomChange.PutLink(link("reusable0001", Link.Use.REUSABLE))))).isEmpty();
        assertThat(store().find(id).orElseThrow().links()).isEqualTo(Map.of("singleLink01", single));

        assertThat(store().update(id, List.of(new RoomCondition.LinkAdmits("singleLink01", "a")), List.of(new RoomChange.UseLink("singleLink01", "a")))).isPresent();
        assertThat(holds(id, new RoomCondition.LinkAdmits("singleLink01", "b"))).isEmpty();
        assertThat(holds(id, new RoomCondition.LinkAdmits("singleLink01", "a"))).isPresent();
        assertThat(holds(id, new RoomCondition.LinkAdmits("unknownLink1", "a"))).isEmpty();
        assertThat(store().update(id, List.of(new RoomCondition.LinkExists("singleLink01")), List.of(new RoomChange.RevokeLink("singleLink01")))).isPresent();
        assertThat(holds(id, new RoomCondition.LinkAdmits("singleLink01", "a"))).isEmpty();

        assertThat(store().find(id).orElseThrow().links().get("singleLink01")).isEqualTo(single.usedBy("a").revoked());
    }

    @Test
    void aSeatsLinkId_isStored() {
        Room room = newRoom(4, false);
        Seat linked = new Seat(room.roomId(), "l", "conn-l", Role.GUEST, null, SeatState.CONNECTED, NOW, null, null, "someLink0001");

        store().update(room.roomId(), takeSeat("l"), List.of(new RoomChange.PutSeat(linked)));

        assertThat(store().find(room.roomId()).orElseThrow().seat("l")).contains(linked);
    }

    @Test
    void changeSettings_locksAndResizes_andItsConditionsGuardIt() {
        Room room = newRoom(4, false);
        String id = room.roomId();
        store().update(id, takeSeat("a"), List.of(new RoomChange.PutSeat(seat(room, "a", "conn-a", SeatState.JOINED))));
        store().update(id, takeSeat("b"), List.of(new RoomChange.PutSeat(seat(room, "b", "conn-b", SeatState.JOINED))));
        RoomOptions smaller = new RoomOptions(2, 48, "Contract", true, true, room.options().embedOrigins());
        Instant later = room.expiresAt().plus(Duration.ofHours(1));

        assertThat(holds(id, new RoomCondition.SeatsAtMost(1))).isEmpty();
        assertThat(store().update(id, List.of(new RoomCondition.Admitting(), new RoomCondition.SeatsAtMost(2)),
                List.of(new RoomChange.ChangeSettings(smaller, later, Admission.LOCKED)))).isPresent();
        Room locked = store().find(id).orElseThrow();
        assertThat(holds(id, new RoomCondition.Admitting())).isEmpty();
        store().update(id, List.of(), List.of(new RoomChange.ChangeSettings(smaller, later, Admission.OPEN)));

        assertThat(locked.admission()).isEqualTo(Admission.LOCKED);
        assertThat(locked.options()).isEqualTo(smaller);
        assertThat(locked.expiresAt()).isEqualTo(later);
        assertThat(store().find(id).orElseThrow().admission()).isEqualTo(Admission.OPEN);
        assertThat(holds(id, new RoomCondition.Admitting())).isPresent();
    }

    @Test
    void list_pagesNewestFirst_fromTheCursor_andFiltersByState() {
        // Far in the future, so that these are the newest rooms of a store other tests share.
        Instant base = NOW.plus(Duration.ofDays(3650 + new java.util.Random().nextInt(3650)));
        List<Room> rooms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Room room = Room.create(Ids.roomId(), new RoomOptions(4, 48, "Listed " + i, false), base.plusSeconds(i), base.plus(Duration.ofDays(2)));
            store().create(room);
            rooms.add(room);
        }
        store().update(rooms.get(1).roomId(), List.of(), List.of(new RoomChange.End()));

        RoomListing.Page first = store().list(new RoomListing(RoomListing.Filter.ALL, 2, Optional.empty(), base));
        RoomListing.Page second = store().list(new RoomListing(RoomListing.Filter.ALL, 2, first.next(), base));
        RoomListing.Page active = store().list(new RoomListing(RoomListing.Filter.ACTIVE, 1, Optional.empty(), base));
        RoomListing.Page ended = store().list(new RoomListing(RoomListing.Filter.ENDED, 1, Optional.empty(), base.plus(Duration.ofDays(1))));

        assertThat(first.rooms()).extracting(RoomListing.Summary::roomId).containsExactly(rooms.get(2).roomId(), rooms.get(1).roomId());
        assertThat(first.rooms().get(0)).isEqualTo(new RoomListing.Summary(rooms.get(2).roomId(), "Listed 2", base.plusSeconds(2),
                base.plus(Duration.ofDays(2)), false, 4));
        assertThat(first.next()).isPresent();
        assertThat(second.rooms().get(0).roomId()).isEqualTo(rooms.get(0).roomId());
        assertThat(active.rooms()).extracting(RoomListing.Summary::roomId).containsExactly(rooms.get(2).roomId());
        assertThat(ended.rooms()).extracting(RoomListing.Summary::roomId).containsExactly(rooms.get(1).roomId());
    }

    @Test
    void remember_keepsTheFirstRecordOfAScope() {
        String scope = Ids.random(16);
        IdempotencyRecord first = new IdempotencyRecord(scope, "hash-1", Ids.roomId(), NOW.plus(Duration.ofHours(24)));

        assertThat(store().remember(first)).isEmpty();
        assertThat(store().remember(new IdempotencyRecord(scope, "hash-2", Ids.roomId(), NOW.plus(Duration.ofHours(25))))).contains(first);
        assertThat(store().find(first.roomId())).isEmpty();
    }
}
