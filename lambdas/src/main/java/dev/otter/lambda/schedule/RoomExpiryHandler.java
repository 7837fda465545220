package dev.otter.lambda.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.otter.core.signaling.RoomExpiry;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;

/**
 * Run by an EventBridge schedule (no route): ends the rooms whose time ran out ({@link RoomExpiry}). The event says
 * only that it is time; the sweep reads its own clock. A sweep that fails (the table unreachable) throws, so the
 * invocation counts as an error in the function's metrics, and the next minute's sweep picks up what this one missed.
 */
public final class RoomExpiryHandler implements RequestHandler<ScheduledEvent, Integer> {
    private static final System.Logger LOG = System.getLogger(RoomExpiryHandler.class.getName());

    private final RoomExpiry expiry;

    public RoomExpiryHandler() {
        this(LambdaServices.instance());
    }

    public RoomExpiryHandler(OtterServices services) {
        this.expiry = services.roomExpiry();
    }

    /** @return how many rooms this sweep ended */
    @Override
    public Integer handleRequest(ScheduledEvent event, Context context) {
        int ended = expiry.sweep();
        if (ended > 0) LOG.log(System.Logger.Level.INFO, "ended " + ended + " expired room(s)");
        return ended;
    }
}
