package dev.otter.lambda.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.Rooms;
import dev.otter.core.budget.MessageBudget;
import dev.otter.testing.SignalingDriver;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.TestWorld;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The message budget through the {@code $default} handler as Lambda runs it: counted in the message-budgets table
 * on dynalite, on the test's clock (started at the real now), so windows pass only when the test says so.
 */
class MessageBudgetHandlerTest {
    private static final MessageBudget.Policy BUDGET = MessageBudget.Policy.DEFAULT;
    private static TestWorld world;
    private static SignalingDriver gateway;

    @BeforeAll
    static void start() {
        world = TestWorld.embedded();
        gateway = new SignalingDriver(world);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static String signal(String to) {
        return "{\"action\":\"signal\",\"to\":\"" + to + "\",\"data\":{\"candidate\":{}}}";
    }

    @Test
    void aSenderOverItsBudget_isRefused_thenDisconnected_andResumingDoesNotRefillIt_untilTwoWindowsPass() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection victim = gateway.connect(room.guestToken());
        gateway.join(victim, "Victim");
        Connection flooder = gateway.connect(room.guestToken());
        String resumeToken = gateway.join(flooder, "Flooder").path("resumeToken").asText();

        for (int i = 0; i < BUDGET.closeAfter(); i++) gateway.send(flooder, signal(victim.peerId()));

        // join was the first message: the budget lets allowed - 1 signals through.
        assertThat(world.messenger.typesSentTo(victim.connectionId()).stream().filter("signal"::equals))
                .hasSize(BUDGET.allowed() - 1);
        List<JsonNode> refused = world.messenger.sentTo(flooder.connectionId()).stream()
                .filter(m -> m.path("type").asText().equals("error")).toList();
        assertThat(refused).hasSize(BUDGET.closeAfter() - BUDGET.allowed() + 1)
                .allSatisfy(m -> assertThat(m.path("code").asText()).isEqualTo("rate-limited"));
        assertThat(refused.get(refused.size() - 1).path("message").asText()).contains("closed");
        assertThat(world.messenger.disconnected()).contains(flooder.connectionId());

        Connection back = gateway.connect(room.guestToken(), resumeToken);
        gateway.send(back, "{\"action\":\"ping\"}");
        assertThat(world.messenger.last(back.connectionId()).path("code").asText()).isEqualTo("rate-limited");
        assertThat(world.messenger.disconnected()).contains(back.connectionId());

        world.clock.advance(BUDGET.window().multipliedBy(2));
        back = gateway.connect(room.guestToken(), resumeToken);
        gateway.send(back, "{\"action\":\"ping\"}");
        JsonNode answer = world.messenger.last(back.connectionId());
        assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("pong");
    }

    @Test
    void aWholeMeshJoinsWorthOfSignals_passesUntouched() {
        Rooms.CreatedRoom room = world.createRoom(8);
        Connection peer = gateway.connect(room.guestToken());
        gateway.join(peer, "Peer");
        Connection joiner = gateway.connect(room.guestToken());
        gateway.join(joiner, "Joiner");
        int signals = 2 * 7 * 27;

        for (int i = 0; i < signals; i++) gateway.send(joiner, signal(peer.peerId()));

        assertThat(world.messenger.typesSentTo(joiner.connectionId())).doesNotContain("error");
        assertThat(world.messenger.typesSentTo(peer.connectionId()).stream().filter("signal"::equals)).hasSize(signals);
    }
}
