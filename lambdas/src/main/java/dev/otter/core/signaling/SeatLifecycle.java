package dev.otter.core.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.Admission;
import dev.otter.core.Link;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.ResumeTokens;
import dev.otter.core.Role;
import dev.otter.core.Room;
import dev.otter.core.RoomOptions;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import dev.otter.core.TurnCredentials;
import dev.otter.core.port.RoomChange;
import dev.otter.core.port.RoomCondition;
import dev.otter.core.port.RoomStore;
import dev.otter.core.webhook.EndReason;
import dev.otter.core.webhook.EventType;
import dev.otter.core.webhook.WebhookEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one home of a seat's life: taking one at {@code $connect}, joining, waiting in the lobby, being admitted or
 * denied, being removed, leaving, being handed to a resumed connection, and the room ending. Each transition is
 * one conditional write of the room document whose conditions are the rule (capacity, ownership, state), so
 * concurrent transitions are safe without transactions. Each returns who must be told what, as an
 * {@link Outcome}; nothing here sends.
 *
 * <p>States ({@link SeatState}): a seat is taken {@code CONNECTED} (at {@code $connect}, or for a standby connection
 * at its first {@code join}, see {@link Seating}); {@code join} makes it {@code JOINED}, or
 * {@code WAITING} for a guest of a lobby room until a host admits ({@code JOINED}) or denies (freed) it. Any
 * seat is freed by its holder's {@code leave}, by a host's remove or by the room's end. A connection that
 * closes without {@code leave} (a server-side close, a dropped network, a message finding it gone) keeps its seat for {@link #RESUME_WINDOW}, marked closed and told nothing, so that a resumed
 * connection takes it over without anyone seeing a leave; after the window the next {@code join}, {@code ping} or a
 * {@code $connect} to a full room frees it and tells the others. A resumed connection takes its seat over in
 * whatever state it is.
 *
 * <p>Against abuse by a link holder: a seat still {@code CONNECTED} {@link #JOIN_DEADLINE} after it was taken is
 * freed by the same sweeps (its socket closed, nobody told); a host whose {@code $connect} finds the room full takes
 * an unjoined (else a waiting) guest's seat; a removed peer is recorded in the room and never sits again; a host
 * can stop the guest link ({@link #lock}) and reopen it ({@link #unlock}); a denied guest never knocks again; and a waiting seat knocks at most once per {@link #KNOCK_INTERVAL}.
 */
public final class SeatLifecycle {
    /** How long a seat whose connection closed without a leave stays its participant's, for a resume. */
    public static final Duration RESUME_WINDOW = Duration.ofMinutes(2);
    /** How long a connection may hold a seat without joining; after it the next sweep frees it (no timer). */
    public static final Duration JOIN_DEADLINE = Duration.ofSeconds(30);
    /** At most one knock per waiting seat and interval, however often its guest sends {@code join}. */
    public static final Duration KNOCK_INTERVAL = Duration.ofSeconds(5);
    /** Attempts of a read-decide-write transition whose seat changed between the read and the write. */
    private static final int MAX_ATTEMPTS = 5;

    private static final System.Logger LOG = System.getLogger(SeatLifecycle.class.getName());

    private final RoomStore store;
    private final Supplier<ResumeTokens> resumeTokens;
    private final Supplier<TurnCredentials> turn;
    private final Clock clock;

    /** Without TURN credentials in {@code joined}: for the handlers that never answer a join. */
    public SeatLifecycle(RoomStore store, Supplier<ResumeTokens> resumeTokens, Clock clock) {
        this(store, resumeTokens, () -> null, clock);
    }

    /**
     * @param resumeTokens asked for only to answer a {@code join} or an admission (other handlers lack the key)
     * @param turn         issues the TURN credentials each {@code joined} carries (asked for then, like
     *                     {@code resumeTokens}); null puts none in it
     */
    public SeatLifecycle(RoomStore store, Supplier<ResumeTokens> resumeTokens, Supplier<TurnCredentials> turn, Clock clock) {
        this.store = store;
        this.resumeTokens = resumeTokens;
        this.turn = turn;
        this.clock = clock;
    }

    /**
     * {@code $connect}: a resumed peer gets its own seat back (the room full or not), closing the connection
     * that held it; anyone else takes a free seat. One write.
     *
     * @param resumed whether the authorizer verified a resume token for {@code caller.peerId()}
     * @throws OtterException ROOM_NOT_FOUND, ROOM_ENDED, ROOM_FULL or BUSY
     */
    public Outcome connect(Caller caller, boolean resumed) {
        Instant now = clock.instant();
        // A per-person link must still admit the caller, resumed or not: a revoked link lets nobody back in.
        Optional<RoomCondition> linkAdmits = Optional.ofNullable(caller.linkId())
                .map(linkId -> new RoomCondition.LinkAdmits(linkId, caller.peerId()));
        if (resumed) {
            List<RoomCondition> handOver = new ArrayList<>(List.of(new RoomCondition.OpenAt(now), new RoomCondition.SeatTaken(caller.peerId())));
            linkAdmits.ifPresent(handOver::add);
            Optional<Room> before = store.update(caller.roomId(), handOver,
                    List.of(new RoomChange.HandOver(caller.peerId(), caller.connectionId())));
            if (before.isPresent()) {
                // The old socket must not keep talking for the peer; its late $disconnect will not match the seat.
                String previous = before.get().seats().get(caller.peerId()).connectionId();
                return previous.equals(caller.connectionId()) ? Outcome.none() : Outcome.of(new Outcome.Close(previous));
            }
        }
        Seat seat = new Seat(caller.roomId(), caller.peerId(), caller.connectionId(), caller.role(), null, SeatState.CONNECTED, now,
                null, null, caller.linkId());
        // A removed or denied peer never sits again; a new guest needs the guest link working (a resumed one holds its
        // own token, and a per-person link is not the guest link); nobody new gets into a locked room.
        List<RoomCondition> admission = new ArrayList<>(List.of(new RoomCondition.OpenAt(now), new RoomCondition.SeatFree(caller.peerId()),
                new RoomCondition.NotRemoved(caller.peerId()), new RoomCondition.NotDenied(caller.peerId())));
        if (caller.role() == Role.GUEST && !resumed && caller.linkId() == null) admission.add(new RoomCondition.GuestLinkOpen());
        if (!resumed) admission.add(new RoomCondition.Admitting());
        linkAdmits.ifPresent(admission::add);
        List<RoomChange> taking = new ArrayList<>(List.of(new RoomChange.PutSeat(seat)));
        if (caller.linkId() != null && burns(caller)) taking.add(new RoomChange.UseLink(caller.linkId(), caller.peerId()));
        Outcome swept = Outcome.none();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            List<RoomCondition> conditions = new ArrayList<>(admission);
            conditions.add(new RoomCondition.HasFreeSeat());
            if (store.update(caller.roomId(), conditions, taking).isPresent()) {
                return swept;
            }
            Room room = store.find(caller.roomId()).orElseThrow(() -> OtterException.roomNotFound(caller.roomId()));
            room.requireOpen(now);
            if (room.isRemoved(caller.peerId())) throw new OtterException(Problem.REMOVED, "a host removed you from this room");
            if (room.isDenied(caller.peerId())) throw new OtterException(Problem.DENIED, "a host did not let you into this room");
            if (caller.linkId() != null) requireLinkAdmits(room, caller);
            if (caller.role() == Role.GUEST && !resumed && caller.linkId() == null && room.guestLinkStopped()) {
                throw new OtterException(Problem.GUEST_LINK_STOPPED, "a host stopped this room's guest link");
            }
            if (!resumed && room.admission() == Admission.LOCKED) throw new OtterException(Problem.ROOM_LOCKED, "the room is locked");
            if (room.seat(caller.peerId()).isPresent()) throw new OtterException(Problem.BUSY, "the peer id is taken; reconnect");
            if (room.participants() >= room.options().maxParticipants()) {
                List<Seat> freeable = abandoned(room, now);
                if (!freeable.isEmpty()) {
                    Optional<Room> before = store.update(caller.roomId(), held(freeable), removed(freeable));
                    if (before.isPresent()) swept = swept.then(departedAll(before.get(), freeable));
                    continue;
                }
                // A host always gets in unless every seat is joined: it takes the seat of a guest that has not joined
                // (or, in a lobby room, still waits), the longest-seated first, in one write.
                Optional<Seat> displaced = caller.role() == Role.HOST ? displaceable(room) : Optional.empty();
                if (displaced.isEmpty()) throw OtterException.roomFull();
                List<RoomCondition> displacing = new ArrayList<>(admission);
                displacing.addAll(unchanged(displaced.get()));
                List<RoomChange> changes = new ArrayList<>(List.of(new RoomChange.RemoveSeat(displaced.get().peerId())));
                changes.addAll(taking);
                Optional<Room> before = store.update(caller.roomId(), displacing, changes);
                if (before.isPresent()) return swept.then(displacedBy(before.get().withoutSeat(displaced.get().peerId()), displaced.get()));
            }
            // A seat was freed between the write and the read: try again.
        }
        throw new OtterException(Problem.BUSY, "the room is busy; try again");
    }

    /** Whether taking a seat with the caller's link burns it: a single-use link not burned yet (one read). */
    private boolean burns(Caller caller) {
        return store.find(caller.roomId()).flatMap(room -> room.link(caller.linkId()))
                .filter(link -> link.use() == Link.Use.SINGLE && link.state() == Link.State.ACTIVE).isPresent();
    }

    /** @throws OtterException LINK_REVOKED (also for a link the room does not know) or LINK_USED */
    private static void requireLinkAdmits(Room room, Caller caller) {
        Link link = room.link(caller.linkId()).filter(found -> found.state() != Link.State.REVOKED)
                .orElseThrow(() -> new OtterException(Problem.LINK_REVOKED, "this link was revoked"));
        if (!link.admits(caller.peerId())) throw new OtterException(Problem.LINK_USED, "this single-use link was used already");
    }

    /**
     * The developer revokes a per-person link: it admits nobody from now on, and whoever holds a seat with it is
     * removed (told {@code removed}, the others {@code peer-left}, its relays ended) and, like a host's removal, never
     * sits here again. One write. Idempotent.
     *
     * @throws OtterException ROOM_NOT_FOUND or LINK_NOT_FOUND
     */
    public Outcome revokeLink(String roomId, String linkId) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Room room = store.find(roomId).orElseThrow(() -> OtterException.roomNotFound(roomId));
            Link link = room.link(linkId).orElseThrow(() -> new OtterException(Problem.LINK_NOT_FOUND, "no such link in this room"));
            List<Seat> holders = room.seatsInOrder().stream().filter(seat -> linkId.equals(seat.linkId())).toList();
            List<RoomCondition> conditions = new ArrayList<>(List.of(new RoomCondition.LinkExists(linkId)));
            conditions.addAll(held(holders));
            List<RoomChange> changes = new ArrayList<>(List.of(new RoomChange.RevokeLink(linkId)));
            for (Seat holder : holders) {
                changes.add(new RoomChange.RemoveSeat(holder.peerId()));
                changes.add(new RoomChange.MarkRemoved(holder.peerId()));
            }
            // A single-use link's holder is out even while it has no seat (between a leave and a resume).
            if (link.holder() != null && !room.isRemoved(link.holder()) && holders.stream().noneMatch(seat -> seat.peerId().equals(link.holder()))) {
                changes.add(new RoomChange.MarkRemoved(link.holder()));
            }
            Optional<Room> before = store.update(roomId, conditions, changes);
            if (before.isEmpty()) continue;
            Room after = before.get();
            for (RoomChange change : changes) after = change.applyTo(after);
            Outcome outcome = Outcome.none();
            for (Seat holder : holders) {
                outcome = outcome.then(Outcome.of(Outcome.Send.toFreed(holder.connectionId(), new ServerMessage.Removed())))
                        .then(departed(after, holder, LeaveReason.REMOVED, true))
                        .then(Outcome.of(new Outcome.Close(holder.connectionId()), new Outcome.RevokeRelays(roomId, holder.peerId())));
            }
            return outcome;
        }
        throw busy();
    }

    /**
     * The developer changes a live room (lobby, lock, capacity, expiry): one write, conditioned on the room being open
     * and, for a smaller capacity, on no more people being in it. Every joined participant is told the room's new
     * state ({@code room-updated}), so that a lock shows on screen.
     *
     * @throws OtterException ROOM_NOT_FOUND, ROOM_ENDED, CAPACITY_BELOW_PARTICIPANTS or BUSY
     */
    public Changed changeSettings(String roomId, RoomOptions options, Instant expiresAt, Admission admission) {
        Instant now = clock.instant();
        Optional<Room> before = store.update(roomId,
                List.of(new RoomCondition.OpenAt(now), new RoomCondition.SeatsAtMost(options.maxParticipants())),
                List.of(new RoomChange.ChangeSettings(options, expiresAt, admission)));
        if (before.isEmpty()) {
            Room room = findOpen(roomId);
            if (room.participants() > options.maxParticipants()) {
                throw new OtterException(Problem.CAPACITY_BELOW_PARTICIPANTS,
                        room.participants() + " people hold seats; maxParticipants cannot go below that");
            }
            throw busy();
        }
        Room after = before.get().withSettings(options, expiresAt, admission);
        return new Changed(after, toJoined(after, seat -> true, new ServerMessage.RoomUpdated(roomInfo(after))));
    }

    /** @param room the room as changed */
    public record Changed(Room room, Outcome outcome) {}

    /** A guest seat that a host may take over: one that has not joined, else one waiting in the lobby; oldest first. */
    private static Optional<Seat> displaceable(Room room) {
        List<Seat> guests = room.seatsInOrder().stream().filter(seat -> !seat.isHost()).toList();
        return guests.stream().filter(seat -> seat.state() == SeatState.CONNECTED).findFirst()
                .or(() -> guests.stream().filter(seat -> seat.state() == SeatState.WAITING).findFirst());
    }

    /** Whom to tell that a host took {@code seat}: a waiting guest is denied (the hosts hear it resolved); an unjoined one is closed. */
    private Outcome displacedBy(Room after, Seat seat) {
        Outcome told = seat.state() == SeatState.WAITING && seat.isConnected()
                ? Outcome.of(Outcome.Send.toFreed(seat.connectionId(), new ServerMessage.LobbyDenied()))
                : Outcome.none();
        return told.then(departed(after, seat, LeaveReason.GONE, true))
                .then(seat.isConnected() ? Outcome.of(new Outcome.Close(seat.connectionId())) : Outcome.none());
    }

    /**
     * {@code $connect} of a standby connection: it takes no seat and burns no link until it joins, so a person who
     * opens a link and never joins (or closes the tab) holds nothing. Only a room that is still open lets it in.
     *
     * @throws OtterException ROOM_NOT_FOUND or ROOM_ENDED
     */
    public Outcome standBy(Caller caller) {
        findOpen(caller.roomId());
        return Outcome.none();
    }

    /**
     * {@code join}: names the seat and announces it, or holds a lobby room's guest in the lobby. A seat that was
     * already announced (a resumed connection, a repeated join) is renamed only: the others are not told again.
     * A standby connection without a seat takes one first, under every rule of {@link #connect}, whose refusals
     * (full, locked, removed…) then come as an error of the {@code join}.
     *
     * @throws OtterException ROOM_NOT_FOUND, ROOM_ENDED or NOT_IN_ROOM; for a standby connection also those of
     *                        {@link #connect}
     */
    public Outcome join(Caller caller, String name) {
        Outcome seated = Outcome.none();
        if (caller.seating() == Seating.AT_JOIN) {
            // Taking the seat is tried first, so a first join costs the writes of a $connect and a join and no more.
            try {
                seated = connect(caller, false);
            } catch (OtterException refused) {
                // A repeated join (a lobby guest knocking again) holds its seat already: that is no refusal.
                if (store.find(caller.roomId()).flatMap(room -> ownSeat(room, caller)).isEmpty()) throw refused;
            }
        }
        return seated.then(joinSeated(caller, name));
    }

    private Outcome joinSeated(Caller caller, String name) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Room room = findOpen(caller.roomId());
            Instant now = clock.instant();
            Seat own = ownSeat(room, caller).orElseThrow(SeatLifecycle::notInRoom);
            boolean resumed = own.state() == SeatState.JOINED;
            boolean held = room.options().lobby() && caller.role() == Role.GUEST && !resumed;
            if (held && own.state() == SeatState.WAITING && own.knockedAt() != null && own.knockedAt().plus(KNOCK_INTERVAL).isAfter(now)) {
                // Knocked a moment ago: a repeated join changes nothing (not even the name the hosts were shown).
                return Outcome.of(toSeat(own, new ServerMessage.LobbyWaiting(resumeToken(room, caller.peerId()))));
            }
            // A per-person link's name is the developer's to give: it is what the others see, whatever join says.
            String shown = Optional.ofNullable(own.linkId()).flatMap(room::link).map(Link::name).orElse(name);
            Seat named = own.with(held ? SeatState.WAITING : SeatState.JOINED, shown);
            if (held) named = named.knockedAt(now);
            // Seats abandoned past the resume window (or unjoined past the deadline) go in the same write, and the
            // others are told below.
            List<Seat> abandoned = abandoned(room, now).stream().filter(others(own)).toList();
            List<RoomCondition> conditions = new ArrayList<>(unchanged(own));
            if (held) conditions.add(new RoomCondition.SeatKnockedAt(own.peerId(), own.knockedAt()));
            conditions.addAll(held(abandoned));
            List<RoomChange> changes = new ArrayList<>(removed(abandoned));
            changes.add(new RoomChange.PutSeat(named));
            Optional<Room> before = store.update(caller.roomId(), conditions, changes);
            if (before.isEmpty()) continue;
            Outcome swept = departedAll(before.get(), abandoned);
            Room after = before.get();
            for (RoomChange change : changes) after = change.applyTo(after);
            if (held) {
                return swept.then(Outcome.of(toSeat(named, new ServerMessage.LobbyWaiting(resumeToken(room, caller.peerId())))))
                        .then(toJoined(after, Seat::isHost, new ServerMessage.Knock(info(named))))
                        .then(Outcome.of(publish(WebhookEvent.participant(EventType.PARTICIPANT_KNOCKED, named, now))));
            }
            Outcome reply = swept.then(Outcome.of(toSeat(named, joinedReply(after, named, resumed))));
            return resumed ? reply : reply.then(toJoined(after, others(named), new ServerMessage.PeerJoined(info(named))))
                    .then(joinedEvents(after, named, now));
        }
        throw busy();
    }

    /**
     * {@code signal}: one consistent read. The sender must hold its seat and be joined, and so must the target:
     * peers that have not joined (or wait in the lobby) are seen by nobody, so nobody can reach them. The room
     * is the sender's own, so a peer of another room is simply not found.
     *
     * @throws OtterException NOT_IN_ROOM or PEER_NOT_FOUND
     */
    public Outcome signal(Caller caller, String to, JsonNode data) {
        Room room = store.find(caller.roomId()).orElseThrow(SeatLifecycle::notInRoom);
        ownSeat(room, caller).filter(seat -> seat.state() == SeatState.JOINED).orElseThrow(() ->
                new OtterException(Problem.NOT_IN_ROOM, "join the room (and be admitted, in a lobby room) before signalling"));
        Seat target = room.seat(to).filter(seat -> seat.state() == SeatState.JOINED).orElseThrow(SeatLifecycle::peerNotFound);
        // A target whose connection closed without leaving is resuming: the signal is dropped, nobody is told.
        if (!target.isConnected()) return Outcome.none();
        return Outcome.of(toSeat(target, new ServerMessage.Relayed(caller.peerId(), data)));
    }

    /**
     * A host lets a waiting guest in: of two hosts admitting (or denying) at once, exactly one succeeds.
     *
     * @throws OtterException FORBIDDEN, ROOM_ENDED or PEER_NOT_FOUND when the peer is not waiting (any more)
     */
    public Outcome admit(Caller host, String peerId) {
        requireHost(host, "admit a guest");
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Room room = findOpen(host.roomId());
            Seat guest = waiting(room, peerId);
            Seat admitted = guest.with(SeatState.JOINED, guest.name());
            Optional<Room> before = store.update(host.roomId(), unchanged(guest), List.of(new RoomChange.PutSeat(admitted)));
            if (before.isEmpty()) continue;
            Room after = before.get().withSeat(admitted);
            // If the guest left meanwhile, nobody but the hosts saw it: it goes as a knock resolved, quietly.
            Outcome.Send joined = new Outcome.Send(host.roomId(), peerId, guest.connectionId(),
                    joinedReply(after, admitted, false), true);
            Instant now = clock.instant();
            return Outcome.of(joined)
                    .then(toJoined(after, others(admitted), new ServerMessage.PeerJoined(info(admitted))))
                    .then(toJoined(after, Seat::isHost, new ServerMessage.KnockResolved(peerId, true)))
                    .then(Outcome.of(publish(WebhookEvent.participant(EventType.PARTICIPANT_ADMITTED, admitted, now))))
                    .then(joinedEvents(after, admitted, now));
        }
        throw notWaiting();
    }

    /**
     * A host turns a waiting guest away. The deny sticks like a removal: the peer id (and so its resume token) never
     * takes a seat here again, so the guest cannot knock again by reconnecting.
     *
     * @throws OtterException FORBIDDEN or PEER_NOT_FOUND when the peer is not waiting (any more)
     */
    public Outcome deny(Caller host, String peerId) {
        requireHost(host, "deny a guest");
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Room room = store.find(host.roomId()).orElseThrow(() -> OtterException.roomNotFound(host.roomId()));
            Seat guest = waiting(room, peerId);
            Optional<Room> before = store.update(host.roomId(), unchanged(guest),
                    List.of(new RoomChange.RemoveSeat(peerId), new RoomChange.MarkDenied(peerId)));
            if (before.isEmpty()) continue;
            return Outcome.of(Outcome.Send.toFreed(guest.connectionId(), new ServerMessage.LobbyDenied()),
                            new Outcome.Close(guest.connectionId()))
                    .then(toJoined(before.get().withoutSeat(peerId), Seat::isHost, new ServerMessage.KnockResolved(peerId, false)))
                    .then(Outcome.of(publish(WebhookEvent.participant(EventType.PARTICIPANT_DENIED, guest, clock.instant()))));
        }
        throw notWaiting();
    }

    /** A host ejects a peer that is not waiting in the lobby (a waiting one is denied instead). */
    public Outcome remove(Caller host, String peerId) {
        requireHost(host, "remove a peer");
        if (peerId.equals(host.peerId())) throw new OtterException(Problem.INVALID_MESSAGE, "the host cannot remove itself");
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Room room = store.find(host.roomId()).orElseThrow(() -> OtterException.roomNotFound(host.roomId()));
            Seat target = room.seat(peerId).orElseThrow(SeatLifecycle::peerNotFound);
            if (target.state() == SeatState.WAITING) {
                throw new OtterException(Problem.PEER_NOT_FOUND, "that peer waits in the lobby; deny it instead");
            }
            // The removal sticks: the peer id (and so its resume token) never takes a seat here again.
            Optional<Room> before = store.update(host.roomId(), unchanged(target),
                    List.of(new RoomChange.RemoveSeat(peerId), new RoomChange.MarkRemoved(peerId)));
            if (before.isEmpty()) continue;
            return Outcome.of(Outcome.Send.toFreed(target.connectionId(), new ServerMessage.Removed()))
                    .then(departed(before.get().withoutSeat(peerId), target, LeaveReason.REMOVED, true))
                    .then(Outcome.of(new Outcome.Close(target.connectionId()), new Outcome.RevokeRelays(host.roomId(), peerId)));
        }
        throw busy();
    }

    /**
     * A host stops the shared guest link (idempotent): from now on a guest's {@code $connect} without a seat to
     * resume is refused; every joined host is told. One write.
     *
     * @throws OtterException FORBIDDEN, ROOM_NOT_FOUND or ROOM_ENDED
     */
    public Outcome lock(Caller host) {
        requireHost(host, "stop the guest link");
        Optional<Room> before = store.update(host.roomId(), List.of(new RoomCondition.OpenAt(clock.instant())),
                List.of(new RoomChange.StopGuestLink()));
        if (before.isEmpty()) {
            findOpen(host.roomId()); // unknown or ended: says which
            throw busy();
        }
        return toJoined(before.get().withGuestLinkStopped(true), Seat::isHost, new ServerMessage.Locked());
    }

    /**
     * A host lets the shared guest link work again (idempotent): new guests get in as before; peers a host removed or
     * denied stay out. Every joined host is told. One write.
     *
     * @throws OtterException FORBIDDEN, ROOM_NOT_FOUND or ROOM_ENDED
     */
    public Outcome unlock(Caller host) {
        requireHost(host, "reopen the guest link");
        Optional<Room> before = store.update(host.roomId(), List.of(new RoomCondition.OpenAt(clock.instant())),
                List.of(new RoomChange.ReopenGuestLink()));
        if (before.isEmpty()) {
            findOpen(host.roomId()); // unknown or ended: says which
            throw busy();
        }
        return toJoined(before.get().withGuestLinkStopped(false), Seat::isHost, new ServerMessage.Unlocked());
    }

    /**
     * {@code ping}, every few minutes from each participant: frees the room's seats whose connections closed
     * longer than {@link #RESUME_WINDOW} ago and tells the others they are gone, so a participant who vanished
     * (a closed laptop, a crashed browser) does not stay in everyone's call until someone else joins. One read;
     * a write only when there is something to free.
     */
    public Outcome sweep(String roomId) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Room> room = store.find(roomId);
            if (room.isEmpty()) return Outcome.none();
            List<Seat> abandoned = abandoned(room.get(), clock.instant());
            if (abandoned.isEmpty()) return Outcome.none();
            Optional<Room> before = store.update(roomId, held(abandoned), removed(abandoned));
            if (before.isPresent()) return departedAll(before.get(), abandoned);
        }
        throw busy();
    }

    /** {@code leave}: the participant goes for good; its seat is freed, the room told, and its socket closed. */
    public Outcome leave(Caller caller) {
        return depart(caller.roomId(), caller.peerId(), caller.connectionId(), LeaveReason.LEFT, true)
                .then(Outcome.of(new Outcome.Close(caller.connectionId())));
    }

    /**
     * {@code $disconnect}: the connection closed. After a {@code leave} its seat is already freed and nothing
     * changes; otherwise (a server-side close, a dropped network) the seat stays, marked closed, for
     * {@link #RESUME_WINDOW}, and nobody is told: a resumed connection takes it over as if nothing happened.
     */
    public Outcome closed(Caller caller) {
        return closed(caller.roomId(), caller.peerId(), caller.connectionId());
    }

    /** The same for a connection that a message found gone (the gateway's $disconnect may not have run yet). */
    public Outcome closed(String roomId, String peerId, String connectionId) {
        store.update(roomId, List.of(new RoomCondition.SeatHeldBy(peerId, connectionId)),
                List.of(new RoomChange.MarkClosed(peerId, clock.instant())));
        return Outcome.none();
    }

    /**
     * Frees the seat if {@code connectionId} still holds it, and says whom to tell: the joined others get
     * {@code peer-left}; a guest that was waiting in the lobby (or was never announced) was seen only by the
     * hosts, who get {@code knock-resolved}. A stale connection (its seat since handed over) changes nothing.
     */
    public Outcome depart(String roomId, String peerId, String connectionId, LeaveReason reason, boolean announced) {
        Optional<Room> before = store.update(roomId, List.of(new RoomCondition.SeatHeldBy(peerId, connectionId)),
                List.of(new RoomChange.RemoveSeat(peerId)));
        if (before.isEmpty()) return Outcome.none();
        return departed(before.get().withoutSeat(peerId), before.get().seats().get(peerId), reason, announced);
    }

    /**
     * Ends the room for everyone (idempotent): no seat can be taken any more, every seated connection is told and
     * closed, in one write. The developer's endpoints hear {@code room.ended} once, from the end that ended it.
     *
     * @param reason who ends it (a host, the developer's API)
     * @throws OtterException ROOM_NOT_FOUND
     */
    public Ending end(String roomId, EndReason reason) {
        Room before = store.update(roomId, List.of(), List.of(new RoomChange.End()))
                .orElseThrow(() -> OtterException.roomNotFound(roomId));
        return ended(roomId, before, reason);
    }

    /**
     * Ends a room whose time ran out, as {@link #end} does, but only if at {@code now} it is past its expiry and not
     * ended yet: that condition is part of the one write, so of two sweeps (or a sweep and a host's {@code end}) only
     * one ends it, and only that one publishes {@code room.ended} (reason {@code expired}).
     *
     * @return empty when the room is gone, already ended, or no longer expired (its expiry was extended meanwhile)
     */
    public Optional<Ending> expire(String roomId, Instant now) {
        return store.update(roomId, List.of(new RoomCondition.ExpiredAt(now)), List.of(new RoomChange.End()))
                .map(before -> ended(roomId, before, EndReason.EXPIRED));
    }

    private Ending ended(String roomId, Room before, EndReason reason) {
        List<Outcome.Delivery> deliveries = new ArrayList<>();
        for (Seat seat : before.seatsInOrder()) {
            deliveries.add(Outcome.Send.toFreed(seat.connectionId(), new ServerMessage.RoomEnded()));
            deliveries.add(new Outcome.Close(seat.connectionId()));
        }
        deliveries.add(new Outcome.RevokeRelays(roomId, null));
        if (!before.ended()) deliveries.add(publish(WebhookEvent.roomEnded(roomId, clock.instant(), reason)));
        return new Ending(before.participants(), new Outcome(deliveries));
    }

    /** @param freed how many seats the end freed */
    public record Ending(int freed, Outcome outcome) {}

    private Outcome departed(Room after, Seat seat, LeaveReason reason, boolean announced) {
        if (seat.state() == SeatState.WAITING || (seat.state() == SeatState.JOINED && !announced)) {
            return toJoined(after, Seat::isHost, new ServerMessage.KnockResolved(seat.peerId(), false));
        }
        if (seat.state() == SeatState.JOINED) {
            return toJoined(after, others(seat), new ServerMessage.PeerLeft(seat.peerId(), reason.wire()))
                    .then(Outcome.of(publish(WebhookEvent.left(seat, clock.instant(), reason))));
        }
        return Outcome.none(); // CONNECTED: nobody was ever told about it.
    }

    /** {@code participant.joined}, after {@code room.started} when nobody else in the room is joined. */
    private static Outcome joinedEvents(Room after, Seat joined, Instant now) {
        boolean first = after.seatsInOrder().stream()
                .noneMatch(seat -> seat.state() == SeatState.JOINED && !seat.peerId().equals(joined.peerId()));
        Outcome started = first ? Outcome.of(publish(WebhookEvent.roomStarted(joined.roomId(), now))) : Outcome.none();
        return started.then(Outcome.of(publish(WebhookEvent.participant(EventType.PARTICIPANT_JOINED, joined, now))));
    }

    private static Outcome.Publish publish(WebhookEvent event) {
        return new Outcome.Publish(event);
    }

    /** The {@code joined} reply: the joined others, and for a host the guests waiting in the lobby. */
    private ServerMessage.Joined joinedReply(Room room, Seat seat, boolean resumed) {
        List<ServerMessage.PeerInfo> others = room.seatsInOrder().stream()
                .filter(other -> other.state() == SeatState.JOINED && !other.peerId().equals(seat.peerId()))
                .map(SeatLifecycle::info).toList();
        // Who knocks is the hosts' business only.
        List<ServerMessage.PeerInfo> waiting = !seat.isHost() ? List.of() : room.seatsInOrder().stream()
                .filter(other -> other.state() == SeatState.WAITING).map(SeatLifecycle::info).toList();
        return new ServerMessage.Joined(seat.peerId(), seat.role().wire(), resumeToken(room, seat.peerId()), resumed,
                roomInfo(room), others, waiting, turnCredentials(room, seat));
    }

    /**
     * The joined seat's TURN credentials, exactly as {@code GET /credentials} would issue them now: the client starts
     * its first connections without that round trip. Issuing them must never cost the join: if it fails (the secret
     * cannot be read), {@code joined} goes without them and the client asks {@code GET /credentials}.
     */
    private TurnCredentials.ForClient turnCredentials(Room room, Seat seat) {
        TurnCredentials issuer = turn.get();
        if (issuer == null) return null;
        try {
            return issuer.issue(room, seat.peerId()).forClient();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "joined goes without TURN credentials: " + e.getClass().getSimpleName());
            return null;
        }
    }

    private static ServerMessage.RoomInfo roomInfo(Room room) {
        return new ServerMessage.RoomInfo(room.roomId(), room.options().maxParticipants(), room.options().relayOnly(),
                room.expiresAt().toString(), room.guestLinkStopped(), room.admission() == Admission.LOCKED, room.options().lobby());
    }

    private String resumeToken(Room room, String peerId) {
        return resumeTokens.get().issue(room.roomId(), peerId, room.expiresAt());
    }

    /** {@code message} to every joined seat of {@code room} that {@code to} accepts. */
    private static Outcome toJoined(Room room, Predicate<Seat> to, ServerMessage message) {
        return new Outcome(room.seatsInOrder().stream()
                .filter(seat -> seat.state() == SeatState.JOINED && seat.isConnected() && to.test(seat))
                .<Outcome.Delivery>map(seat -> toSeat(seat, message))
                .toList());
    }

    private static Outcome.Send toSeat(Seat seat, ServerMessage message) {
        return Outcome.Send.toSeat(seat.roomId(), seat.peerId(), seat.connectionId(), message);
    }

    private static Predicate<Seat> others(Seat seat) {
        return other -> !other.peerId().equals(seat.peerId());
    }

    /**
     * The seats to free at {@code now}: closed longer than {@link #RESUME_WINDOW}, or taken longer than
     * {@link #JOIN_DEADLINE} ago without joining.
     */
    private static List<Seat> abandoned(Room room, Instant now) {
        return room.seatsInOrder().stream()
                .filter(seat -> seat.isAbandonedAt(now, RESUME_WINDOW) || seat.isUnjoinedPast(now, JOIN_DEADLINE)).toList();
    }

    /** Each seat still held by the same connection, in the same state, as when read. */
    private static List<RoomCondition> held(List<Seat> seats) {
        return seats.stream().flatMap(seat -> unchanged(seat).stream()).toList();
    }

    private static List<RoomChange> removed(List<Seat> seats) {
        return seats.stream().<RoomChange>map(seat -> new RoomChange.RemoveSeat(seat.peerId())).toList();
    }

    /**
     * Whom to tell about seats freed together: told as gone (their connections closed long ago), and nobody is
     * told of a seat that never joined.
     */
    private Outcome departedAll(Room before, List<Seat> freed) {
        Room after = before;
        for (Seat seat : freed) after = after.withoutSeat(seat.peerId());
        Outcome outcome = Outcome.none();
        for (Seat seat : freed) outcome = outcome.then(departed(after, seat, LeaveReason.GONE, true));
        // A socket that squatted a seat without joining is still open: it holds nothing now.
        for (Seat seat : freed) if (seat.isConnected()) outcome = outcome.then(Outcome.of(new Outcome.Close(seat.connectionId())));
        return outcome;
    }

    /** The seat is still held by the same connection, in the same state, as when it was read. */
    private static List<RoomCondition> unchanged(Seat seat) {
        return List.of(new RoomCondition.SeatHeldBy(seat.peerId(), seat.connectionId()),
                new RoomCondition.SeatIn(seat.peerId(), seat.state()));
    }

    private static Optional<Seat> ownSeat(Room room, Caller caller) {
        return room.seat(caller.peerId()).filter(seat -> seat.connectionId().equals(caller.connectionId()));
    }

    private static Seat waiting(Room room, String peerId) {
        return room.seat(peerId).filter(seat -> seat.state() == SeatState.WAITING).orElseThrow(SeatLifecycle::notWaiting);
    }

    private Room findOpen(String roomId) {
        return store.find(roomId).orElseThrow(() -> OtterException.roomNotFound(roomId)).requireOpen(clock.instant());
    }

    static ServerMessage.PeerInfo info(Seat seat) {
        return new ServerMessage.PeerInfo(seat.peerId(), seat.name(), seat.role().wire());
    }

    private static void requireHost(Caller caller, String what) {
        if (caller.role() != Role.HOST) throw new OtterException(Problem.FORBIDDEN, "only a host can " + what);
    }

    private static OtterException notInRoom() {
        return new OtterException(Problem.NOT_IN_ROOM, "this connection holds no seat; reconnect");
    }

    private static OtterException peerNotFound() {
        return new OtterException(Problem.PEER_NOT_FOUND, "no such peer in this room");
    }

    private static OtterException notWaiting() {
        return new OtterException(Problem.PEER_NOT_FOUND, "no such peer waits in the lobby");
    }

    private static OtterException busy() {
        return new OtterException(Problem.BUSY, "the seat kept changing; try again");
    }
}
