package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import dev.otter.core.RoomOptions;
import dev.otter.core.RoomTokens;
import dev.otter.core.Rooms;
import dev.otter.core.webhook.WebhookEvent;
import dev.otter.core.webhook.WebhookPublisher;
import dev.otter.lambda.Json;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;

/**
 * {@code POST /createRoom} (API key): a new room and its guest and host links, {@code …/room/<id>#token=<jwt>}.
 * The links deliberately lack the room secret {@code &k=…} that keys the participants' end-to-end encryption of
 * signaling: a server that made it would have seen it, so the developer's backend adds it (docs/http-api.md,
 * "Room links").
 */
public final class CreateRoomHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Rooms rooms;
    private final RoomTokens tokens;
    private final String webAppUrl;
    private final WebhookPublisher webhooks;
    private final Clock clock;

    public CreateRoomHandler() {
        this(LambdaServices.instance());
    }

    public CreateRoomHandler(OtterServices services) {
        this.rooms = new Rooms(services.roomStore(), services.clock());
        this.tokens = services.roomTokens();
        this.webAppUrl = services.webAppUrl();
        this.webhooks = services.webhookPublisher();
        this.clock = services.clock();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> {
            Rooms.CreatedRoom created = rooms.create(options(Http.body(event)), tokens);
            var room = created.room();
            webhooks.publish(WebhookEvent.roomCreated(room.roomId(), clock.instant()));
            String link = webAppUrl + "/room/" + room.roomId() + "#token=";
            return Http.json(201, new HttpBodies.CreatedRoom(room.roomId(), link + created.guestToken(), link + created.hostToken(),
                    room.expiresAt().toString(), room.options().maxParticipants(), room.options().ttlHours(),
                    room.options().name(), room.options().relayOnly(), room.options().lobby(), room.options().embedOrigins()));
        });
    }

    private static RoomOptions options(ObjectNode body) {
        RoomOptions defaults = RoomOptions.defaults();
        return new RoomOptions(
                Json.integer(body, "maxParticipants").orElse(defaults.maxParticipants()),
                Json.integer(body, "ttlHours").orElse(defaults.ttlHours()),
                Json.text(body, "name").orElse(null),
                Json.bool(body, "relayOnly").orElse(defaults.relayOnly()),
                Json.bool(body, "lobby").orElse(defaults.lobby()),
                Json.strings(body, "embedOrigins").orElse(defaults.embedOrigins()));
    }
}
