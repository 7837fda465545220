package dev.otter.lambda.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.otter.core.OtterException;
import dev.otter.core.signaling.Caller;
import dev.otter.core.signaling.Notifier;
import dev.otter.core.signaling.Seating;
import dev.otter.core.signaling.SeatLifecycle;
import dev.otter.lambda.Errors;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;

/**
 * {@code $connect}: a status other than 200 refuses the upgrade (404 unknown, 410 ended, 409 full). A standby
 * connection takes no seat here, only a room that is still open; it takes one at its first {@code join}.
 */
public final class ConnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final System.Logger LOG = System.getLogger(ConnectHandler.class.getName());

    private final SeatLifecycle seats;
    private final Notifier notifier;

    public ConnectHandler() {
        this(LambdaServices.instance());
    }

    public ConnectHandler(OtterServices services) {
        this.seats = services.seats();
        this.notifier = services.notifier();
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        try {
            Caller caller = Ws.caller(event);
            notifier.carryOut(caller.seating() == Seating.AT_JOIN ? seats.standBy(caller) : seats.connect(caller, Ws.resumed(event)));
            return Ws.status(200, "");
        } catch (OtterException e) {
            Errors.Mapped mapped = Errors.of(e);
            return Ws.status(mapped.status(), Errors.httpBody(mapped.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "connect " + Ws.requestId(event) + " failed: " + e.getClass().getName());
            return Ws.status(Errors.INTERNAL.status(), Errors.httpBody(Errors.INTERNAL.code(), "something went wrong on our side"));
        }
    }
}
