package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.budget.MessageBudget;
import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every connection's message budget, over real WebSockets on local Otter (the same MessageHandler as on Lambda). */
class MessageBudgetLocalTest {
    @RegisterExtension
    static final RunningOtter local = new RunningOtter(false, WebSocketLimits.API_GATEWAY);

    private static final MessageBudget.Policy BUDGET = MessageBudget.Policy.DEFAULT;

    @Test
    void aFloodingSocket_reachesItsVictimAtMostTheBudget_getsRateLimitedErrors_andIsClosedWith1008() throws Exception {
        String guest = token(createRoom(local.otter(), "{}").path("url").asText());
        Joined victim = TestSocket.join(local.client(), local.ws(), guest, "Victim");
        Joined flooder = TestSocket.join(local.client(), local.ws(), guest, "Flooder");
        victim.socket().nextOfType("peer-joined");

        int sent = flood(flooder.socket(), victim.peerId(), BUDGET.closeAfter() + 1);

        assertThat(flooder.socket().awaitClose(TestSocket.WAIT)).isEqualTo(1008);
        List<JsonNode> toFlooder = flooder.socket().drain();
        List<JsonNode> errors = toFlooder.stream().filter(m -> m.path("type").asText().equals("error")).toList();
        assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e.path("code").asText()).isEqualTo("rate-limited"));
        // Refused until the connection counts closeAfter messages, then closed: the rest never reached a handler.
        assertThat(errors.size()).isLessThanOrEqualTo(BUDGET.closeAfter() - BUDGET.allowed() + 1);
        assertThat(sent).isGreaterThanOrEqualTo(BUDGET.closeAfter());
        // The victim's own pong comes after every signal relayed before it: count up to it.
        // At most the budget (the flooder's join counted too, unless the flood outlasted a window).
        assertThat(signalsBeforePong(victim.socket())).isBetween(BUDGET.allowed() - 1, BUDGET.allowed());
        assertThat(victim.socket().isOpen()).isTrue();
    }

    @Test
    void anEightPersonMeshJoin_withAnIceRestartOfEveryPair_isNotLimited() throws Exception {
        JsonNode room = createRoom(local.otter(), "{\"maxParticipants\":8}");
        String guest = token(room.path("url").asText());
        List<Joined> seated = new ArrayList<>();
        for (int i = 0; i < 7; i++) seated.add(TestSocket.join(local.client(), local.ws(), guest, "Peer" + i));
        Joined joiner = TestSocket.join(local.client(), local.ws(), guest, "Joiner");

        // What the heaviest connection of a call sends: to each of 7 peers a description, its media state and 25
        // trickled candidates, then the same again for an ICE restart (docs/limits.md shows the count).
        int perPeer = 0;
        for (int round = 0; round < 2; round++) {
            for (Joined peer : seated) {
                joiner.socket().send(signal(peer.peerId(), "{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}"));
                joiner.socket().send(signal(peer.peerId(), "{\"state\":{\"audio\":true,\"video\":true}}"));
                for (int c = 0; c < 25; c++) {
                    joiner.socket().send(signal(peer.peerId(), "{\"candidate\":{\"candidate\":\"candidate:" + c
                            + " 1 udp 2122260223 10.0.0.1 " + (50000 + c) + " typ host\",\"sdpMid\":\"0\"}}"));
                }
            }
            perPeer += 27;
        }
        joiner.socket().send("{\"action\":\"ping\"}");

        List<JsonNode> toJoiner = new ArrayList<>();
        joiner.socket().next(m -> {
            toJoiner.add(m);
            return m.path("type").asText().equals("pong");
        });
        assertThat(toJoiner).noneMatch(m -> m.path("type").asText().equals("error"));
        for (Joined peer : seated) {
            assertThat(signalsBeforePong(peer.socket())).as(peer.peerId()).isEqualTo(perPeer);
        }
        assertThat(joiner.socket().isOpen()).isTrue();
    }

    @Test
    void aBystanderInAnotherRoom_keepsGettingItsReplies_whileASocketFloods() throws Exception {
        String flooded = token(createRoom(local.otter(), "{}").path("url").asText());
        Joined victim = TestSocket.join(local.client(), local.ws(), flooded, "Victim");
        Joined flooder = TestSocket.join(local.client(), local.ws(), flooded, "Flooder");
        victim.socket().nextOfType("peer-joined");
        Joined bystander = TestSocket.join(local.client(), local.ws(),
                token(createRoom(local.otter(), "{}").path("url").asText()), "Bystander");

        AtomicBoolean flooding = new AtomicBoolean(true);
        CompletableFuture<Integer> flood = CompletableFuture.supplyAsync(() -> {
            try {
                return flood(flooder.socket(), victim.peerId(), BUDGET.closeAfter() + 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                flooding.set(false);
            }
        });
        int pongs = 0;
        while (flooding.get() || pongs == 0) {
            bystander.socket().send("{\"action\":\"ping\"}");
            bystander.socket().nextOfType("pong");
            pongs++;
        }
        flood.join();

        assertThat(pongs).isPositive();
        assertThat(flooder.socket().awaitClose(TestSocket.WAIT)).isEqualTo(1008);
        assertThat(bystander.socket().isOpen()).isTrue();
    }

    /**
     * Sends {@code count} signals as fast as the socket takes them (fewer if it closes first). Callers send exactly
     * one more than the close threshold: the last one closes the connection, and nothing is written after the
     * server's close, which would turn its 1008 into an abnormal close (1006) at the client.
     */
    private static int flood(TestSocket socket, String to, int count) throws Exception {
        int sent = 0;
        for (; sent < count && socket.isOpen(); sent++) {
            try {
                socket.send(signal(to, "{\"candidate\":{\"candidate\":\"candidate:" + sent + " 1 udp 1 10.0.0.1 9 typ host\"}}"));
            } catch (Exception closedMeanwhile) {
                break;
            }
        }
        return sent;
    }

    /** Pings, and counts the signals that arrive before the pong. */
    private static int signalsBeforePong(TestSocket socket) throws Exception {
        AtomicInteger signals = new AtomicInteger();
        socket.send("{\"action\":\"ping\"}");
        socket.next(m -> {
            if (m.path("type").asText().equals("signal")) signals.incrementAndGet();
            return m.path("type").asText().equals("pong");
        });
        return signals.get();
    }

    private static String signal(String to, String data) {
        return "{\"action\":\"signal\",\"to\":\"" + to + "\",\"data\":" + data + "}";
    }
}
