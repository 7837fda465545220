package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.otter.core.Room;
import dev.otter.core.Ids;
import dev.otter.core.Rooms;
import dev.otter.core.signaling.Notifier;
import dev.otter.core.signaling.SeatLifecycle;
import dev.otter.core.webhook.EndReason;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;

/** {@code GET /rooms/{id}} and {@code DELETE /rooms/{id}} (API key): a room with its peers; ending it. */
public final class DeveloperRoomsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Rooms rooms;
    private final SeatLifecycle seats;
    private final Notifier notifier;

    public DeveloperRoomsHandler() {
        this(LambdaServices.instance());
    }

    public DeveloperRoomsHandler(OtterServices services) {
        this.rooms = new Rooms(services.roomStore(), services.clock());
        this.seats = services.seats();
        this.notifier = services.notifier();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> {
            String roomId = Ids.requireRoomId(Http.pathParameter(event, "id").orElse(""));
            return switch (Http.method(event)) {
                case "GET" -> {
                    Room room = rooms.find(roomId);
                    yield Http.json(200, HttpBodies.DeveloperRoom.of(room));
                }
                case "DELETE" -> {
                    SeatLifecycle.Ending ending = seats.end(roomId, EndReason.API);
                    notifier.carryOut(ending.outcome());
                    yield Http.json(200, new HttpBodies.EndedRoom(roomId, true, ending.freed()));
                }
                default -> Http.error(405, "method-not-allowed", "use GET or DELETE");
            };
        });
    }
}
