package dev.otter.lambda.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.otter.core.Ids;
import dev.otter.core.InvalidToken;
import dev.otter.core.ResumeTokens;
import dev.otter.core.RoomClaims;
import dev.otter.core.RoomTokens;
import dev.otter.lambda.AuthorizerContext;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket API's {@code $connect} authorizer (REQUEST, {@code ?token=}, optional {@code ?resume=} or {@code ?standby=1}).
 * It decides the peer id here, so that every later event carries room, role and peer without a lookup: the
 * resume token's peer when one verifies, a fresh random one otherwise. Anything wrong is a Deny.
 */
public final class ConnectAuthorizer implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
    private static final System.Logger LOG = System.getLogger(ConnectAuthorizer.class.getName());

    private final RoomTokens roomTokens;
    private final ResumeTokens resumeTokens;

    public ConnectAuthorizer() {
        this(LambdaServices.instance());
    }

    public ConnectAuthorizer(OtterServices services) {
        this.roomTokens = services.roomTokens();
        this.resumeTokens = services.resumeTokens();
    }

    @Override
    public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        String methodArn = event.getMethodArn() == null ? "*" : event.getMethodArn();
        try {
            Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
            RoomClaims claims = roomTokens.verify(query.get("token"));
            String resume = query.get("resume");
            String peerId = resume == null ? Ids.peerId() : resumeTokens.verify(resume, claims.roomId());
            Map<String, Object> caller = new java.util.HashMap<>(Map.of(
                    AuthorizerContext.ROOM_ID, claims.roomId(),
                    AuthorizerContext.ROLE, claims.role().wire(),
                    AuthorizerContext.PEER_ID, peerId,
                    AuthorizerContext.RESUMED, Boolean.toString(resume != null)));
            if (claims.linkId() != null) caller.put(AuthorizerContext.LINK_ID, claims.linkId());
            // A resumed connection takes its own seat back at once; only a first connection can stand by.
            if (resume == null && "1".equals(query.get("standby"))) caller.put(AuthorizerContext.STANDBY, "true");
            return policy(peerId, IamPolicyResponseV1.allowStatement(methodArn), caller);
        } catch (InvalidToken e) {
            return deny(methodArn);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "connect authorization failed: " + e.getClass().getName());
            return deny(methodArn);
        }
    }

    private static IamPolicyResponseV1 deny(String methodArn) {
        return policy("anonymous", IamPolicyResponseV1.denyStatement(methodArn), Map.of());
    }

    private static IamPolicyResponseV1 policy(String principal, IamPolicyResponseV1.Statement statement, Map<String, Object> context) {
        return IamPolicyResponseV1.builder()
                .withPrincipalId(principal)
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                        .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(statement))
                        .build())
                .withContext(context)
                .build();
    }
}
