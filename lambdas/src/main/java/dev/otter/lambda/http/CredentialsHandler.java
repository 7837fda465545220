package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.otter.core.Rooms;
import dev.otter.core.TurnCredentials;
import dev.otter.lambda.AuthorizerContext;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;

/** {@code GET /credentials} (room token): ICE servers with short-lived TURN credentials for the token's room. */
public final class CredentialsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Rooms rooms;
    private final TurnCredentials turn;

    public CredentialsHandler() {
        this(LambdaServices.instance());
    }

    public CredentialsHandler(OtterServices services) {
        this.rooms = new Rooms(services.roomStore(), services.clock());
        this.turn = services.turnCredentials();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> {
            String roomId = AuthorizerContext.require(Http.authorizerContext(event), AuthorizerContext.ROOM_ID);
            return Http.json(200, HttpBodies.Credentials.of(turn.issue(rooms.findOpen(roomId))));
        });
    }
}
