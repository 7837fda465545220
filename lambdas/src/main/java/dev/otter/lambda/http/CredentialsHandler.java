package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.otter.config.OtterRoute;
import dev.otter.core.InvalidToken;
import dev.otter.core.Link;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.ResumeTokens;
import dev.otter.core.Rooms;
import dev.otter.core.TurnCredentials;
import dev.otter.lambda.AuthorizerContext;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;
import java.util.Map;

/**
 * {@code GET /credentials} (room token, plus {@value #SEAT_HEADER}: the resume token of the caller's {@code joined}
 * reply): ICE servers with short-lived TURN credentials for that participant. The room token alone is the link
 * everyone holds; the resume token proves a seat, and the seat must still be joined and connected.
 *
 * <p>{@code GET /credentials?purpose=check} with the room token alone: the pre-join connectivity check's
 * credentials, minutes long and shared by the whole room ({@link TurnCredentials#issueForCheck}).
 */
public final class CredentialsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Carries the seat proof ({@link OtterRoute#SEAT_HEADER}). */
    public static final String SEAT_HEADER = OtterRoute.SEAT_HEADER;
    /** The query parameter and value that ask for the connectivity check's credentials. */
    public static final String PURPOSE_PARAM = "purpose";
    public static final String CHECK_PURPOSE = "check";

    private final Rooms rooms;
    private final TurnCredentials turn;
    private final ResumeTokens resumeTokens;

    public CredentialsHandler() {
        this(LambdaServices.instance());
    }

    public CredentialsHandler(OtterServices services) {
        this.rooms = new Rooms(services.roomStore(), services.clock());
        this.turn = services.turnCredentials();
        this.resumeTokens = services.resumeTokens();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> {
            String roomId = AuthorizerContext.require(Http.authorizerContext(event), AuthorizerContext.ROOM_ID);
            var room = rooms.findOpen(roomId);
            String linkId = AuthorizerContext.linkId(Http.authorizerContext(event));
            // A revoked link gets nothing, not even the pre-join check's short-lived relay.
            Link link = linkId == null ? null : room.requireLinkNotRevoked(linkId);
            if (isCheck(event)) return Http.json(200, turn.issueForCheck(room).forClient());
            String peerId = seatHolder(event, roomId);
            if (link != null && !link.admits(peerId)) {
                throw new OtterException(Problem.LINK_USED, "this single-use link was used by someone else");
            }
            return Http.json(200, turn.issue(room, peerId).forClient());
        });
    }

    private static boolean isCheck(APIGatewayV2HTTPEvent event) {
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        String purpose = query.get(PURPOSE_PARAM);
        if (purpose == null) return false;
        if (purpose.equals(CHECK_PURPOSE)) return true;
        throw new OtterException(Problem.INVALID_FIELD, "purpose must be '" + CHECK_PURPOSE + "' or left out");
    }

    private String seatHolder(APIGatewayV2HTTPEvent event, String roomId) {
        String proof = Http.header(event.getHeaders(), SEAT_HEADER).orElseThrow(() -> new OtterException(Problem.FORBIDDEN,
                "TURN credentials need the " + SEAT_HEADER + " header: the resumeToken of the joined message"));
        try {
            return resumeTokens.verify(proof.trim(), roomId);
        } catch (InvalidToken e) {
            throw new OtterException(Problem.FORBIDDEN, "the " + SEAT_HEADER + " header is not a seat in this room");
        }
    }
}
