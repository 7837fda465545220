package dev.otter.lambda.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.otter.core.OtterException;
import dev.otter.core.signaling.Caller;
import dev.otter.core.signaling.LeaveReason;
import dev.otter.core.signaling.Notifier;
import dev.otter.core.signaling.SeatLifecycle;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;

/**
 * {@code $disconnect}: frees the seat if this connection still holds it and tells the others. The seat of a
 * peer that has since resumed on a new connection is left alone, so a late stale disconnect causes no churn.
 */
public final class DisconnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final System.Logger LOG = System.getLogger(DisconnectHandler.class.getName());

    private final SeatLifecycle seats;
    private final Notifier notifier;

    public DisconnectHandler() {
        this(LambdaServices.instance());
    }

    public DisconnectHandler(OtterServices services) {
        this.seats = services.seats();
        this.notifier = services.notifier();
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        try {
            Caller caller = Ws.caller(event);
            notifier.carryOut(seats.depart(caller.roomId(), caller.peerId(), caller.connectionId(), LeaveReason.LEFT, true));
            return Ws.status(200, "");
        } catch (OtterException e) {
            return Ws.status(200, "");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "disconnect " + Ws.requestId(event) + " failed: " + e.getClass().getName());
            return Ws.status(500, "");
        }
    }
}
