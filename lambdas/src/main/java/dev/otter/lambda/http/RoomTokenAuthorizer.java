package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.otter.core.InvalidToken;
import dev.otter.core.RoomClaims;
import dev.otter.core.RoomTokens;
import dev.otter.lambda.AuthorizerContext;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;
import java.util.Map;

/**
 * HTTP API authorizer for the room routes (identity source: the Authorization header). It authenticates
 * only: a genuine, unexpired room token passes with its room and role in the context, and each handler
 * checks that room against what is asked for.
 */
public final class RoomTokenAuthorizer implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {
    private static final System.Logger LOG = System.getLogger(RoomTokenAuthorizer.class.getName());

    private final RoomTokens tokens;

    public RoomTokenAuthorizer() {
        this(LambdaServices.instance());
    }

    public RoomTokenAuthorizer(OtterServices services) {
        this.tokens = services.roomTokens();
    }

    @Override
    public SimpleIAMPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        try {
            String token = Http.bearer(event.getHeaders()).orElse(null);
            RoomClaims claims = tokens.verify(token);
            Map<String, String> caller = new java.util.HashMap<>(
                    Map.of(AuthorizerContext.ROOM_ID, claims.roomId(), AuthorizerContext.ROLE, claims.role().wire()));
            if (claims.linkId() != null) caller.put(AuthorizerContext.LINK_ID, claims.linkId());
            return new SimpleIAMPolicyResponse(true, caller);
        } catch (InvalidToken e) {
            return new SimpleIAMPolicyResponse(false, Map.of());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "room token check failed: " + e.getClass().getName());
            return new SimpleIAMPolicyResponse(false, Map.of());
        }
    }
}
