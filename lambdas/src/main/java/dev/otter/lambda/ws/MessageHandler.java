package dev.otter.lambda.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.ResumeTokens;
import dev.otter.core.TurnCredentials;
import dev.otter.core.budget.MessageBudget;
import dev.otter.core.port.PeerGone;
import dev.otter.core.port.PeerMessenger;
import dev.otter.core.signaling.Caller;
import dev.otter.core.signaling.SeatLifecycle;
import dev.otter.core.signaling.ServerMessage;
import dev.otter.core.signaling.Signaling;
import dev.otter.core.signaling.Wire;
import dev.otter.lambda.Errors;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;

/**
 * The {@code $default} route, which carries every client message ({@code join}, {@code signal}, {@code ping},
 * {@code leave}, {@code remove}, {@code end}, {@code admit}, {@code deny}, {@code lock}): the action in the body
 * decides. Each message is first counted against its connection's {@link MessageBudget}: one over it is refused
 * unread, and a connection far over it is closed. A refused message gets an {@code error} to its sender only.
 */
public final class MessageHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final System.Logger LOG = System.getLogger(MessageHandler.class.getName());

    private final Signaling signaling;
    private final MessageBudget budget;
    private final PeerMessenger messenger;

    public MessageHandler() {
        this(LambdaServices.instance());
    }

    public MessageHandler(OtterServices services) {
        this.messenger = services.peerMessenger();
        this.budget = services.messageBudget();
        // The signing key is read now (the init phase), not on the first join.
        ResumeTokens resumeTokens = services.resumeTokens();
        // The TURN secret is not: it is read on the first join's credentials (TurnCredentials), after any SnapStart
        // restore, so no snapshot holds it.
        TurnCredentials turn = services.turnCredentials();
        this.signaling = new Signaling(new SeatLifecycle(services.roomStore(), () -> resumeTokens, () -> turn, services.clock()),
                services.revokingNotifier());
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        Caller caller;
        try {
            caller = Ws.caller(event);
        } catch (OtterException e) {
            return Ws.status(Errors.of(e).status(), "");
        }
        try {
            MessageBudget.Verdict verdict = budget.spend(MessageBudget.sender(caller.roomId(), caller.peerId()));
            if (verdict != MessageBudget.Verdict.WITHIN) {
                refuseOverBudget(caller, verdict);
                return Ws.status(200, "");
            }
            signaling.handle(caller, event.getBody());
            return Ws.status(200, "");
        } catch (OtterException e) {
            tell(caller, Errors.of(e).code(), e.getMessage());
            return Ws.status(200, "");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "message " + Ws.requestId(event) + " failed: " + e.getClass().getName());
            tell(caller, Errors.INTERNAL.code(), "something went wrong on our side");
            return Ws.status(Errors.INTERNAL.status(), "");
        }
    }

    private void refuseOverBudget(Caller caller, MessageBudget.Verdict verdict) {
        MessageBudget.Policy policy = budget.policy();
        tell(caller, Errors.of(Problem.RATE_LIMITED).code(), "over the budget of " + policy.allowed()
                + " messages within " + policy.window().multipliedBy(2).toSeconds() + " s: this message was dropped"
                + (verdict == MessageBudget.Verdict.EXHAUSTED ? " and the connection is closed" : ""));
        if (verdict == MessageBudget.Verdict.EXHAUSTED) {
            messenger.disconnectForViolation(caller.connectionId());
        }
    }

    private void tell(Caller caller, String code, String message) {
        try {
            messenger.send(caller.connectionId(), Wire.write(new ServerMessage.Error(code, message)));
        } catch (PeerGone gone) {
            // The sender left; nobody is left to tell.
        }
    }
}
