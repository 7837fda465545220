package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.otter.core.Room;
import dev.otter.core.Rooms;
import dev.otter.core.port.ConnectionStore;
import dev.otter.core.signaling.RoomClosing;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;

/** {@code GET /rooms/{id}} and {@code DELETE /rooms/{id}} (API key): a room with its peers; ending it. */
public final class DeveloperRoomsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Rooms rooms;
    private final ConnectionStore seats;
    private final RoomClosing closing;

    public DeveloperRoomsHandler() {
        this(LambdaServices.instance());
    }

    public DeveloperRoomsHandler(OtterServices services) {
        this.rooms = new Rooms(services.roomStore(), services.clock());
        this.seats = services.connectionStore();
        this.closing = new RoomClosing(services.roomStore(), seats, services.peerMessenger());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> {
            String roomId = Http.pathParameter(event, "id").orElse("");
            return switch (Http.method(event)) {
                case "GET" -> {
                    Room room = rooms.find(roomId);
                    yield Http.json(200, HttpBodies.DeveloperRoom.of(room, seats.seatsOf(roomId)));
                }
                case "DELETE" -> Http.json(200, new HttpBodies.EndedRoom(roomId, true, closing.end(roomId)));
                default -> Http.error(405, "method-not-allowed", "use GET or DELETE");
            };
        });
    }
}
