package dev.otter.lambda.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.Rooms;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import dev.otter.core.signaling.SeatLifecycle;
import dev.otter.core.webhook.EndReason;
import dev.otter.testing.Fixtures;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.SignalingWorld;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** $connect, join, signal, ping, remove and $disconnect through the real handlers on dynalite. */
class SignalingTest extends SignalingWorld {
    private Rooms.CreatedRoom room;

    @BeforeEach
    void newRoom() {
        room = world.createRoom(4);
    }

    @Test
    void join_repliesJoinedWithTheOthers_andAnnouncesTheNewcomer() {
        Connection host = gateway.connect(room.hostToken());
        JsonNode hostJoined = gateway.join(host, "Ada");
        Connection guest = gateway.connect(room.guestToken());

        JsonNode joined = gateway.join(guest, "  Grace ");

        assertThat(hostJoined.path("type").asText()).isEqualTo("joined");
        assertThat(hostJoined.path("role").asText()).isEqualTo("host");
        assertThat(hostJoined.path("peers")).isEmpty();
        assertThat(joined.path("type").asText()).isEqualTo("joined");
        assertThat(joined.path("peerId").asText()).isEqualTo(guest.peerId());
        assertThat(joined.path("role").asText()).isEqualTo("guest");
        assertThat(joined.path("resumed").asBoolean()).isFalse();
        assertThat(joined.path("resumeToken").asText()).startsWith("v1.");
        assertThat(joined.path("room").path("roomId").asText()).isEqualTo(room.room().roomId());
        assertThat(joined.path("room").path("maxParticipants").asInt()).isEqualTo(4);
        assertThat(joined.path("peers")).hasSize(1);
        assertThat(joined.path("peers").path(0).path("peerId").asText()).isEqualTo(host.peerId());
        assertThat(joined.path("peers").path(0).path("name").asText()).isEqualTo("Ada");
        JsonNode announced = world.messenger.last(host.connectionId());
        assertThat(announced.path("type").asText()).isEqualTo("peer-joined");
        assertThat(announced.path("peer").path("peerId").asText()).isEqualTo(guest.peerId());
        assertThat(announced.path("peer").path("name").asText()).isEqualTo("Grace");
        assertThat(participantsOf(room)).isEqualTo(2);
    }

    @Test
    void signal_isDeliveredToTheTargetOnly_withTheSendersPeerId() {
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        Connection c = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        gateway.join(b, "B");
        gateway.join(c, "C");
        world.messenger.clear();

        gateway.send(a, "{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}}");

        JsonNode relayed = world.messenger.last(b.connectionId());
        assertThat(relayed.path("type").asText()).isEqualTo("signal");
        assertThat(relayed.path("from").asText()).isEqualTo(a.peerId());
        assertThat(relayed.path("data").path("description").path("type").asText()).isEqualTo("offer");
        assertThat(world.messenger.sentTo(a.connectionId())).isEmpty();
        assertThat(world.messenger.sentTo(c.connectionId())).isEmpty();
    }

    @Test
    void signal_relaysAnEncryptedEnvelopeUnread_andStillChecksItsTypeAndSize() throws Exception {
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        gateway.join(b, "B");
        world.messenger.clear();
        // What the SDK sends (docs/signaling.md, "Encrypted signals"): a JSON object the server cannot read.
        String envelope = "{\"v\":1,\"seq\":3,\"iv\":\"AAECAwQFBgcICQoL\",\"ct\":\"" + "Q2lwaGVy".repeat(2000) + "\"}";

        gateway.send(a, "{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":" + envelope + "}");
        gateway.send(a, "{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":\"Q2lwaGVy\"}");
        gateway.send(a, "{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":{\"ct\":\"" + "A".repeat(130 * 1024) + "\"}}");

        List<JsonNode> relayed = world.messenger.sentTo(b.connectionId());
        assertThat(relayed).hasSize(1);
        assertThat(relayed.get(0).path("data")).isEqualTo(Fixtures.MAPPER.readTree(envelope));
        List<JsonNode> errors = world.messenger.sentTo(a.connectionId());
        assertThat(errors).extracting(e -> e.path("code").asText()).containsExactly("invalid-message", "message-too-large");
    }

    @Test
    void signal_toAPeerOfAnotherRoom_isRefusedAndNotDelivered() {
        Rooms.CreatedRoom other = world.createRoom(4);
        Connection outsider = gateway.connect(other.guestToken());
        gateway.join(outsider, "Outsider");
        Connection sender = gateway.connect(room.guestToken());
        gateway.join(sender, "Sender");
        world.messenger.clear();

        gateway.send(sender, "{\"action\":\"signal\",\"to\":\"" + outsider.peerId() + "\",\"data\":{\"candidate\":{}}}");

        assertThat(world.messenger.sentTo(outsider.connectionId())).isEmpty();
        JsonNode error = world.messenger.last(sender.connectionId());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("peer-not-found");
    }

    @Test
    void signal_toAnOverlongPeerId_isPeerNotFound_notAnInternalError() {
        Connection sender = gateway.connect(room.guestToken());
        gateway.join(sender, "Sender");
        world.messenger.clear();

        gateway.send(sender, "{\"action\":\"signal\",\"to\":\"" + "p".repeat(2000) + "\",\"data\":{\"candidate\":{}}}");

        assertThat(world.messenger.last(sender.connectionId()).path("code").asText()).isEqualTo("peer-not-found");
    }

    @Test
    void signal_toAGoneConnection_keepsItsSeatForAResume_andTellsNobody() {
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        gateway.join(b, "B");
        world.messenger.markGone(b.connectionId());
        world.messenger.clear();

        gateway.send(a, "{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":{}}");

        // A gone socket is a closed one, not a leave: the seat is kept (marked closed) and nobody is told.
        assertThat(world.messenger.sentTo(a.connectionId())).isEmpty();
        Seat kept = seatOf(room, b.peerId()).orElseThrow();
        assertThat(kept.connectionId()).isEqualTo(b.connectionId());
        assertThat(kept.isConnected()).isFalse();
        assertThat(participantsOf(room)).isEqualTo(2);
    }

    @Test
    void ping_getsPong() {
        Connection a = gateway.connect(room.guestToken());

        gateway.send(a, "{\"action\":\"ping\"}");

        assertThat(world.messenger.typesSentTo(a.connectionId())).containsExactly("pong");
    }

    @Test
    void badMessages_getAnErrorToTheSenderOnly_andChangeNothing() {
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        gateway.join(b, "B");
        world.messenger.clear();

        String[][] cases = {
                {"not json", "invalid-message"},
                {"[1,2]", "invalid-message"},
                {"{}", "unknown-action"},
                {"{\"action\":\"dance\"}", "unknown-action"},
                {"{\"action\":\"join\"}", "invalid-message"},
                {"{\"action\":\"join\",\"name\":\"   \"}", "invalid-message"},
                {"{\"action\":\"join\",\"name\":\"" + "x".repeat(61) + "\"}", "invalid-message"},
                {"{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\"}", "invalid-message"},
                {"{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":\"offer\"}", "invalid-message"},
                {"{\"action\":\"signal\",\"to\":42,\"data\":{}}", "invalid-message"},
                {"{\"action\":\"remove\"}", "invalid-message"},
                {"{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":{\"pad\":\"" + "x".repeat(128 * 1024) + "\"}}", "message-too-large"},
        };
        for (String[] c : cases) gateway.send(a, c[0]);

        assertThat(world.messenger.sentTo(a.connectionId())).extracting(m -> m.path("type").asText()).containsOnly("error");
        assertThat(world.messenger.sentTo(a.connectionId())).extracting(m -> m.path("code").asText())
                .containsExactly(java.util.Arrays.stream(cases).map(c -> c[1]).toArray(String[]::new));
        assertThat(world.messenger.sentTo(b.connectionId())).isEmpty();
        assertThat(participantsOf(room)).isEqualTo(2);
        assertThat(seatOf(room, a.peerId()).orElseThrow().name()).isEqualTo("A");
    }

    @Test
    void remove_byHost_ejectsThePeer_andTellsTheOthersRemoved() {
        Connection host = gateway.connect(room.hostToken());
        Connection guest = gateway.connect(room.guestToken());
        Connection other = gateway.connect(room.guestToken());
        gateway.join(host, "Host");
        gateway.join(guest, "Guest");
        gateway.join(other, "Other");
        world.messenger.clear();

        gateway.send(host, "{\"action\":\"remove\",\"peerId\":\"" + guest.peerId() + "\"}");

        assertThat(world.messenger.typesSentTo(guest.connectionId())).containsExactly("removed");
        assertThat(world.messenger.disconnected()).contains(guest.connectionId());
        JsonNode left = world.messenger.last(other.connectionId());
        assertThat(left.path("type").asText()).isEqualTo("peer-left");
        assertThat(left.path("reason").asText()).isEqualTo("removed");
        assertThat(world.messenger.last(host.connectionId()).path("reason").asText()).isEqualTo("removed");
        assertThat(participantsOf(room)).isEqualTo(2);
        // The removed socket's own $disconnect comes later and must not announce it a second time.
        world.messenger.clear();
        gateway.close(guest);
        assertThat(world.messenger.sentTo(other.connectionId())).isEmpty();
        assertThat(participantsOf(room)).isEqualTo(2);
    }

    @Test
    void remove_byGuest_isForbidden_andChangesNothing() {
        Connection host = gateway.connect(room.hostToken());
        Connection guest = gateway.connect(room.guestToken());
        gateway.join(host, "Host");
        gateway.join(guest, "Guest");
        world.messenger.clear();

        gateway.send(guest, "{\"action\":\"remove\",\"peerId\":\"" + host.peerId() + "\"}");

        assertThat(world.messenger.last(guest.connectionId()).path("code").asText()).isEqualTo("forbidden");
        assertThat(world.messenger.sentTo(host.connectionId())).isEmpty();
        assertThat(participantsOf(room)).isEqualTo(2);
    }

    @Test
    void remove_ofAnUnknownPeer_isPeerNotFound() {
        Connection host = gateway.connect(room.hostToken());

        gateway.send(host, "{\"action\":\"remove\",\"peerId\":\"nobody\"}");

        assertThat(world.messenger.last(host.connectionId()).path("code").asText()).isEqualTo("peer-not-found");
    }

    @Test
    void signal_fromAGuestThatHasNotJoined_orToAPeerThatHasNotJoined_isRefused() {
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        world.messenger.clear();

        gateway.send(b, "{\"action\":\"signal\",\"to\":\"" + a.peerId() + "\",\"data\":{}}");
        gateway.send(a, "{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":{}}");

        assertThat(world.messenger.last(b.connectionId()).path("code").asText()).isEqualTo("not-in-room");
        assertThat(world.messenger.last(a.connectionId()).path("code").asText()).isEqualTo("peer-not-found");
        assertThat(world.messenger.typesSentTo(a.connectionId())).containsExactly("error");
        assertThat(world.messenger.typesSentTo(b.connectionId())).containsExactly("error");
    }

    @Test
    void end_byHost_endsTheRoomForEveryone_likeTheDeveloperRoute() {
        Connection host = gateway.connect(room.hostToken());
        Connection guest = gateway.connect(room.guestToken());
        Connection silent = gateway.connect(room.guestToken());
        gateway.join(host, "Host");
        gateway.join(guest, "Guest");
        world.messenger.clear();

        gateway.send(host, "{\"action\":\"end\"}");

        for (Connection c : java.util.List.of(host, guest, silent)) {
            assertThat(world.messenger.typesSentTo(c.connectionId())).containsExactly("room-ended");
        }
        assertThat(world.messenger.disconnected()).contains(host.connectionId(), guest.connectionId(), silent.connectionId());
        assertThat(world.services.roomStore().find(room.room().roomId()).orElseThrow().ended()).isTrue();
        assertThat(participantsOf(room)).isZero();
        assertThat(stored(room).seats().values()).isEmpty();
        assertThat(gateway.connect(room.guestToken()).status()).isEqualTo(410);
    }

    @Test
    void end_byGuest_isForbidden_andChangesNothing() {
        Connection host = gateway.connect(room.hostToken());
        Connection guest = gateway.connect(room.guestToken());
        gateway.join(host, "Host");
        gateway.join(guest, "Guest");
        world.messenger.clear();

        gateway.send(guest, "{\"action\":\"end\"}");

        assertThat(world.messenger.sentTo(guest.connectionId())).extracting(m -> m.path("code").asText()).containsExactly("forbidden");
        assertThat(world.messenger.sentTo(host.connectionId())).isEmpty();
        assertThat(world.messenger.disconnected()).doesNotContain(host.connectionId(), guest.connectionId());
        assertThat(world.services.roomStore().find(room.room().roomId()).orElseThrow().ended()).isFalse();
        assertThat(participantsOf(room)).isEqualTo(2);
    }

    @Test
    void joined_alwaysCarriesAWaitingList_emptyOutsideALobby() {
        Connection host = gateway.connect(room.hostToken());
        Connection guest = gateway.connect(room.guestToken());

        JsonNode hostJoined = gateway.join(host, "Host");
        JsonNode guestJoined = gateway.join(guest, "Guest");

        assertThat(hostJoined.path("waiting").isArray()).isTrue();
        assertThat(hostJoined.path("waiting")).isEmpty();
        assertThat(guestJoined.path("waiting").isArray()).isTrue();
        assertThat(guestJoined.path("waiting")).isEmpty();
    }

    @Test
    void disconnect_freesTheSeat_andTellsTheOthersPeerLeft() {
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        gateway.join(b, "B");
        world.messenger.clear();

        gateway.close(b);

        JsonNode left = world.messenger.last(a.connectionId());
        assertThat(left.path("type").asText()).isEqualTo("peer-left");
        assertThat(left.path("peerId").asText()).isEqualTo(b.peerId());
        assertThat(left.path("reason").asText()).isEqualTo("left");
        assertThat(participantsOf(room)).isEqualTo(1);
    }

    @Test
    void connect_isRefused_whenTheRoomIsFull() {
        Rooms.CreatedRoom pair = world.createRoom(2);
        assertThat(gateway.connect(pair.guestToken()).status()).isEqualTo(200);
        assertThat(gateway.connect(pair.guestToken()).status()).isEqualTo(200);

        Connection third = gateway.connect(pair.guestToken());

        assertThat(third.status()).isEqualTo(409);
        assertThat(third.body()).contains("room-full");
    }

    @Test
    void connect_isRefused_whenTheRoomWasEnded_orUnknownOrTheTokenIsForged() {
        world.services.seats().end(room.room().roomId(), EndReason.API);
        Rooms.CreatedRoom deleted = world.createRoom(2);
        world.dynamoDb.deleteItem(r -> r.tableName(world.tables.rooms())
                .key(java.util.Map.of("roomId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(deleted.room().roomId()))));

        assertThat(gateway.connect(room.guestToken()).status()).isEqualTo(410);
        assertThat(gateway.connect(deleted.guestToken()).status()).isEqualTo(404);
        assertThat(gateway.connect(room.guestToken() + "x").status()).isEqualTo(403);
        assertThat(gateway.connect(null).status()).isEqualTo(403);
    }

    @Test
    void resume_keepsPeerIdAndSeat_withoutChurnForTheOthers_evenInAFullRoom() {
        Rooms.CreatedRoom pair = world.createRoom(2);
        Connection a = gateway.connect(pair.guestToken());
        Connection b = gateway.connect(pair.guestToken());
        gateway.join(a, "A");
        String resumeToken = gateway.join(b, "B").path("resumeToken").asText();
        world.messenger.clear();

        // b's network drops; API Gateway has not noticed yet, so the old connection still holds the seat.
        Connection back = gateway.connect(pair.guestToken(), resumeToken);
        JsonNode joined = gateway.join(back, "B");
        gateway.close(b);

        assertThat(back.status()).isEqualTo(200);
        assertThat(back.peerId()).isEqualTo(b.peerId());
        assertThat(joined.path("resumed").asBoolean()).isTrue();
        assertThat(joined.path("peers")).extracting(p -> p.path("peerId").asText()).containsExactly(a.peerId());
        assertThat(world.messenger.disconnected()).contains(b.connectionId());
        assertThat(world.messenger.sentTo(a.connectionId())).isEmpty();
        assertThat(participantsOf(pair)).isEqualTo(2);
        assertThat(seatOf(pair, b.peerId()).orElseThrow().connectionId())
                .isEqualTo(back.connectionId());
        // And the resumed connection still receives signals.
        gateway.send(a, "{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":{\"candidate\":{}}}");
        assertThat(world.messenger.last(back.connectionId()).path("from").asText()).isEqualTo(a.peerId());
    }

    @Test
    void resume_afterTheOldSeatWasFreed_takesANewSeatUnderTheSamePeerId_andIsAnnouncedAgain() {
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        String resumeToken = gateway.join(b, "B").path("resumeToken").asText();
        gateway.close(b);
        world.messenger.clear();

        Connection back = gateway.connect(room.guestToken(), resumeToken);
        JsonNode joined = gateway.join(back, "B");

        assertThat(back.peerId()).isEqualTo(b.peerId());
        assertThat(joined.path("resumed").asBoolean()).isFalse();
        assertThat(world.messenger.last(a.connectionId()).path("type").asText()).isEqualTo("peer-joined");
        assertThat(participantsOf(room)).isEqualTo(2);
    }

    @Test
    void resume_withATokenOfAnotherRoomOrForged_isDenied() {
        Rooms.CreatedRoom other = world.createRoom(4);
        Connection elsewhere = gateway.connect(other.guestToken());
        String otherResume = gateway.join(elsewhere, "X").path("resumeToken").asText();
        Connection mine = gateway.connect(room.guestToken());
        String myResume = gateway.join(mine, "Y").path("resumeToken").asText();

        assertThat(gateway.connect(room.guestToken(), otherResume).status()).isEqualTo(403);
        assertThat(gateway.connect(room.guestToken(), myResume.substring(0, myResume.length() - 2) + "AA").status()).isEqualTo(403);
        assertThat(gateway.connect(room.guestToken(), myResume.replace(mine.peerId(), elsewhere.peerId())).status()).isEqualTo(403);
    }

    @Test
    void aSocketClosedWithoutLeave_keepsItsSeat_tellsNobody_andAResumeTakesItOverUnannounced() {
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        String resumeToken = gateway.join(b, "B").path("resumeToken").asText();
        world.messenger.clear();

        gateway.drop(b);
        Seat kept = seatOf(room, b.peerId()).orElseThrow();
        gateway.send(a, "{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":{\"candidate\":{}}}");
        world.clock.advance(SeatLifecycle.RESUME_WINDOW.minusSeconds(1));
        Connection back = gateway.connect(room.guestToken(), resumeToken);
        JsonNode joined = gateway.join(back, "B");

        assertThat(kept.state()).isEqualTo(SeatState.JOINED);
        assertThat(kept.isConnected()).isFalse();
        // The signal to the closed seat was dropped: no error to the sender, nothing to anyone.
        assertThat(world.messenger.sentTo(a.connectionId())).isEmpty();
        assertThat(joined.path("resumed").asBoolean()).isTrue();
        assertThat(seatOf(room, b.peerId()).orElseThrow().isConnected()).isTrue();
        assertThat(participantsOf(room)).isEqualTo(2);
        gateway.send(a, "{\"action\":\"signal\",\"to\":\"" + b.peerId() + "\",\"data\":{\"candidate\":{}}}");
        assertThat(world.messenger.last(back.connectionId()).path("type").asText()).isEqualTo("signal");
    }

    @Test
    void aSeatClosedLongerThanTheResumeWindow_isFreedByTheNextJoin_andTheOthersHearItGone() {
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        gateway.join(b, "B");
        gateway.drop(b);
        world.clock.advance(SeatLifecycle.RESUME_WINDOW);
        world.messenger.clear();

        Connection c = gateway.connect(room.guestToken());
        JsonNode joined = gateway.join(c, "C");

        assertThat(joined.path("peers")).extracting(p -> p.path("peerId").asText()).containsExactly(a.peerId());
        assertThat(world.messenger.typesSentTo(a.connectionId())).containsExactly("peer-left", "peer-joined");
        assertThat(world.messenger.sentTo(a.connectionId()).get(0).path("reason").asText()).isEqualTo("gone");
        assertThat(seatOf(room, b.peerId())).isEmpty();
    }

    @Test
    void aSeatClosedLongerThanTheResumeWindow_isFreedByTheNextPing_andTheOthersHearItGone() {
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        gateway.join(b, "B");
        gateway.drop(b);
        world.clock.advance(SeatLifecycle.RESUME_WINDOW.minusSeconds(1));
        world.messenger.clear();
        gateway.send(a, "{\"action\":\"ping\"}");
        List<String> withinTheWindow = world.messenger.typesSentTo(a.connectionId());
        world.clock.advance(Duration.ofSeconds(1));
        world.messenger.clear();

        gateway.send(a, "{\"action\":\"ping\"}");

        assertThat(withinTheWindow).containsExactly("pong");
        assertThat(world.messenger.typesSentTo(a.connectionId())).containsExactly("pong", "peer-left");
        assertThat(world.messenger.last(a.connectionId()).path("reason").asText()).isEqualTo("gone");
        assertThat(seatOf(room, b.peerId())).isEmpty();
    }

    @Test
    void aFullRoomWithASeatClosedPastTheWindow_admitsTheNextConnect() {
        Rooms.CreatedRoom pair = world.createRoom(2);
        Connection a = gateway.connect(pair.guestToken());
        Connection b = gateway.connect(pair.guestToken());
        gateway.join(a, "A");
        gateway.join(b, "B");
        gateway.drop(b);

        Connection tooSoon = gateway.connect(pair.guestToken());
        world.clock.advance(SeatLifecycle.RESUME_WINDOW);
        world.messenger.clear();
        Connection later = gateway.connect(pair.guestToken());

        assertThat(tooSoon.status()).isEqualTo(409);
        assertThat(later.status()).isEqualTo(200);
        assertThat(world.messenger.typesSentTo(a.connectionId())).containsExactly("peer-left");
        assertThat(stored(pair).seats().keySet()).containsExactlyInAnyOrder(a.peerId(), later.peerId());
    }
}
