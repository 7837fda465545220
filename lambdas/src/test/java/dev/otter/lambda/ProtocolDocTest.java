package dev.otter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.signaling.ClientMessage;
import dev.otter.core.signaling.ServerMessage;
import dev.otter.core.signaling.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/signaling.md and docs/openapi.yaml are the protocol's one description; the code must say the same. */
class ProtocolDocTest {
    private static final Pattern TABLE_CODE = Pattern.compile("^\\|\\s*`([a-z-]+)`\\s*\\|", Pattern.MULTILINE);
    private static final Set<Problem> WEBSOCKET_PROBLEMS = EnumSet.of(Problem.INVALID_MESSAGE, Problem.UNKNOWN_ACTION,
            Problem.MESSAGE_TOO_LARGE, Problem.PEER_NOT_FOUND, Problem.FORBIDDEN, Problem.ROOM_ENDED, Problem.NOT_IN_ROOM,
            Problem.RATE_LIMITED,
            // the first join of a standby connection takes its seat, with every refusal of a $connect
            Problem.ROOM_FULL, Problem.ROOM_LOCKED, Problem.GUEST_LINK_STOPPED, Problem.REMOVED, Problem.DENIED,
            Problem.LINK_USED, Problem.LINK_REVOKED, Problem.BUSY);

    private static String doc(String name) throws IOException {
        return Files.readString(Path.of("..", "docs", name));
    }

    private static Set<String> firstColumnCodes(String section) {
        Matcher matcher = TABLE_CODE.matcher(section);
        Set<String> codes = new java.util.TreeSet<>();
        while (matcher.find()) codes.add(matcher.group(1));
        return codes;
    }

    @Test
    void everyServerMessageType_isDocumented_andNothingElse() throws IOException {
        String doc = doc("signaling.md");
        String serverSection = doc.substring(doc.indexOf("## Server → client"), doc.indexOf("### Error codes"));
        Set<String> types = Arrays.stream(ServerMessage.class.getAnnotation(JsonSubTypes.class).value())
                .map(type -> type.value().getAnnotation(JsonTypeName.class).value())
                .collect(Collectors.toCollection(java.util.TreeSet::new));

        assertThat(firstColumnCodes(serverSection)).isEqualTo(types);
    }

    @Test
    void everyClientAction_isDocumented() throws IOException {
        String doc = doc("signaling.md");
        String clientSection = doc.substring(doc.indexOf("## Client → server"), doc.indexOf("## Server → client"));

        // Each ClientMessage record is named after its action.
        Set<String> actions = Arrays.stream(ClientMessage.class.getPermittedSubclasses())
                .map(type -> type.getSimpleName().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.toCollection(java.util.TreeSet::new));

        assertThat(actions).contains("join", "signal", "ping", "remove", "end", "admit", "deny");
        assertThat(firstColumnCodes(clientSection)).isEqualTo(actions);
        for (String action : actions) {
            try {
                Wire.parse("{\"action\":\"" + action + "\"}");
            } catch (OtterException e) {
                assertThat(e.problem()).as(action).isEqualTo(Problem.INVALID_MESSAGE);
            }
        }
    }

    @Test
    void everyWebSocketErrorCode_isDocumented() throws IOException {
        String doc = doc("signaling.md");
        String errorSection = doc.substring(doc.indexOf("### Error codes"));
        Set<String> codes = WEBSOCKET_PROBLEMS.stream().map(problem -> Errors.of(new dev.otter.core.OtterException(problem, "")).code())
                .collect(Collectors.toSet());
        codes.add(Errors.INTERNAL.code());

        assertThat(firstColumnCodes(errorSection)).containsAll(codes);
    }

    /** The HTTP API's error codes are described in docs/openapi.yaml, schema ErrorCode: "- `code` (status): when". */
    @Test
    void everyHttpErrorCode_isDocumentedWithItsStatus() throws IOException {
        String doc = doc("openapi.yaml");
        String errorCode = doc.substring(doc.indexOf("    ErrorCode:"), doc.indexOf("    Error:"));
        Set<Problem> websocketOnly = EnumSet.of(Problem.INVALID_MESSAGE, Problem.UNKNOWN_ACTION, Problem.MESSAGE_TOO_LARGE,
                Problem.PEER_NOT_FOUND, Problem.NOT_IN_ROOM, Problem.RATE_LIMITED);
        for (Problem problem : EnumSet.complementOf(EnumSet.copyOf(websocketOnly))) {
            Errors.Mapped mapped = Errors.of(new dev.otter.core.OtterException(problem, ""));
            assertThat(errorCode).as(problem.name()).contains("- `" + mapped.code() + "` (" + mapped.status() + ")");
        }
        assertThat(errorCode).contains("- `internal-error` (500)");
    }
}
