import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/**
 * One cold start of {@code GET /room/{id}} as the Lambda runtime performs it: the handler class is loaded by name
 * and built with its no-argument constructor (the init phase, reading only environment variables), then serves
 * one event. Prints the status and body and exits. The runtime's own JSON (de)serialization is left out: on Lambda
 * it belongs to the runtime, as Node's event parsing does for the baseline.
 *
 * <p>Usage: {@code java -cp <shaded jar>:<this class> LambdaInit <handler class> <room id>}
 */
public final class LambdaInit {
    public static void main(String[] args) throws Exception {
        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(args[0]).getConstructor().newInstance();
        String roomId = args[1];
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRouteKey("GET /room/{id}")
                .withRawPath("/room/" + roomId)
                .withPathParameters(Map.of("id", roomId))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath("/room/" + roomId).build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withLambda(Map.of("roomId", roomId, "role", "guest")).build())
                        .build())
                .build();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        System.out.println(response.getStatusCode() + " " + response.getBody());
    }
}
