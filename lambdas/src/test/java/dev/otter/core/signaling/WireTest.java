package dev.otter.core.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {
    @Test
    void serverMessages_carryTheirTypeDiscriminator() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        var joined = mapper.readTree(Wire.write(new ServerMessage.Joined("p1", "host", "v1.x", false,
                new ServerMessage.RoomInfo("r1", 4, true, "2026-11-23T10:00:00Z", false, true, false), List.of(new ServerMessage.PeerInfo("p2", "Bo", "guest")))));

        assertThat(joined.path("type").asText()).isEqualTo("joined");
        assertThat(joined.path("room").path("relayOnly").asBoolean()).isTrue();
        assertThat(joined.path("room").path("locked").asBoolean()).isTrue();
        assertThat(joined.path("peers").path(0).path("name").asText()).isEqualTo("Bo");
        assertThat(joined.path("waiting").isArray()).isTrue();
        assertThat(joined.path("waiting")).isEmpty();
        assertThat(Wire.write(new ServerMessage.KnockResolved("p3", true)))
                .isEqualTo("{\"type\":\"knock-resolved\",\"peerId\":\"p3\",\"admitted\":true}");
        assertThat(Wire.write(new ServerMessage.Knock(new ServerMessage.PeerInfo("p3", "Cy", "guest"))))
                .isEqualTo("{\"type\":\"knock\",\"peer\":{\"peerId\":\"p3\",\"name\":\"Cy\",\"role\":\"guest\"}}");
        assertThat(Wire.write(new ServerMessage.LobbyDenied())).isEqualTo("{\"type\":\"lobby-denied\"}");
        assertThat(Wire.write(new ServerMessage.LobbyWaiting("v1.t"))).isEqualTo("{\"type\":\"lobby-waiting\",\"resumeToken\":\"v1.t\"}");
        assertThat(Wire.write(new ServerMessage.Pong())).isEqualTo("{\"type\":\"pong\"}");
        assertThat(Wire.write(new ServerMessage.PeerLeft("p2", "gone"))).isEqualTo("{\"type\":\"peer-left\",\"peerId\":\"p2\",\"reason\":\"gone\"}");
    }

    @Test
    void clientMessages_parseStrictly_andIgnoreUnknownFields() {
        assertThat(Wire.parse("{\"action\":\"join\",\"name\":\" Ada \",\"extra\":1}")).isEqualTo(new ClientMessage.Join("Ada"));
        assertThat(Wire.parse("{\"action\":\"ping\"}")).isEqualTo(new ClientMessage.Ping());
        assertThat(Wire.parse("{\"action\":\"remove\",\"peerId\":\"p\"}")).isEqualTo(new ClientMessage.Remove("p"));
        assertThat(Wire.parse("{\"action\":\"end\"}")).isEqualTo(new ClientMessage.End());
        assertThat(Wire.parse("{\"action\":\"admit\",\"peerId\":\"p\"}")).isEqualTo(new ClientMessage.Admit("p"));
        assertThat(Wire.parse("{\"action\":\"deny\",\"peerId\":\"p\"}")).isEqualTo(new ClientMessage.Deny("p"));
        var signal = (ClientMessage.Signal) Wire.parse("{\"action\":\"signal\",\"to\":\"p\",\"data\":{\"candidate\":null}}");
        assertThat(signal.to()).isEqualTo("p");
        assertThat(signal.data().has("candidate")).isTrue();
    }

    @Test
    void refusedMessages_sayWhy() {
        assertProblem("", Problem.INVALID_MESSAGE);
        assertProblem(null, Problem.INVALID_MESSAGE);
        assertProblem("\"join\"", Problem.INVALID_MESSAGE);
        assertProblem("{\"action\":7}", Problem.UNKNOWN_ACTION);
        assertProblem("{\"action\":\"signal\",\"to\":\"\",\"data\":{}}", Problem.INVALID_MESSAGE);
        assertProblem("{\"action\":\"admit\",\"peerId\":3}", Problem.INVALID_MESSAGE);
        assertProblem("{\"action\":\"deny\"}", Problem.INVALID_MESSAGE);
        assertProblem("{\"action\":\"join\",\"name\":\"é".repeat(1) + "x".repeat(128 * 1024) + "\"}", Problem.MESSAGE_TOO_LARGE);
    }

    private static void assertProblem(String body, Problem problem) {
        assertThatThrownBy(() -> Wire.parse(body)).isInstanceOf(OtterException.class).extracting("problem").isEqualTo(problem);
    }
}
