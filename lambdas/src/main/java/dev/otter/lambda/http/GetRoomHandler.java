package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.Room;
import dev.otter.core.Rooms;
import dev.otter.lambda.AuthorizerContext;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;
import java.util.Map;

/** {@code GET /room/{id}} (room token): what a participant may know about its room before joining. */
public final class GetRoomHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Rooms rooms;

    public GetRoomHandler() {
        this(LambdaServices.instance());
    }

    public GetRoomHandler(OtterServices services) {
        this.rooms = new Rooms(services.roomStore(), services.clock());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> {
            Map<String, Object> caller = Http.authorizerContext(event);
            String tokenRoom = AuthorizerContext.require(caller, AuthorizerContext.ROOM_ID);
            String roomId = Http.pathParameter(event, "id").orElse("");
            // The authorizer only authenticates; the room a token opens is decided here, against the path.
            if (!tokenRoom.equals(roomId)) throw new OtterException(Problem.WRONG_ROOM, "the token is for another room");
            Room room = rooms.findOpen(roomId);
            String linkId = AuthorizerContext.linkId(caller);
            // A per-person link's name is the developer's: the pre-join screen shows it, and the holder cannot change it.
            String displayName = linkId == null ? null : room.requireLinkNotRevoked(linkId).name();
            return Http.json(200, new HttpBodies.ParticipantRoom(room.roomId(), room.options().name(), room.expiresAt().toString(),
                    room.options().maxParticipants(), room.participants(), room.options().relayOnly(),
                    AuthorizerContext.role(caller).wire(), room.options().lobby(), room.options().embedOrigins(),
                    room.guestLinkStopped(), room.admission() == dev.otter.core.Admission.LOCKED, displayName));
        });
    }
}
