package dev.otter.lambda.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.otter.core.OtterException;
import dev.otter.core.signaling.Notifier;
import dev.otter.core.signaling.SeatLifecycle;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;

/**
 * {@code $disconnect}: a closed socket is not a leave (the participant sends {@code leave} for that). The seat,
 * if this connection still holds it, is marked closed and kept for a resume, and nobody is told; the seat of a
 * peer that has since resumed on a new connection is left alone.
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
            notifier.carryOut(seats.closed(Ws.caller(event)));
            return Ws.status(200, "");
        } catch (OtterException e) {
            return Ws.status(200, "");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "disconnect " + Ws.requestId(event) + " failed: " + e.getClass().getName());
            return Ws.status(500, "");
        }
    }
}
