package dev.otter.shaded;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otter.adapter.apigw.ApiGatewayPeerMessenger;
import dev.otter.adapter.dynamodb.OtterTables;
import dev.otter.adapter.dynamodb.TableNames;
import dev.otter.adapter.secrets.SecretsManagerSecrets;
import dev.otter.config.OtterEnv;
import dev.otter.config.OtterFunction;
import dev.otter.core.ApiKeys;
import dev.otter.config.OtterRoute;
import dev.otter.core.port.PeerGone;
import dev.otter.core.port.PeerMessenger;
import dev.otter.core.port.WebhookQueue;
import dev.otter.lambda.CloudClients;
import dev.otter.lambda.LambdaConfig;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;
import dev.otter.lambda.http.ApiKeyAuthorizer;
import dev.otter.lambda.http.ApiKeysHandler;
import dev.otter.lambda.http.CreateRoomHandler;
import dev.otter.lambda.http.CredentialsHandler;
import dev.otter.lambda.http.DeveloperRoomsHandler;
import dev.otter.lambda.http.GetRoomHandler;
import dev.otter.lambda.http.RoomTokenAuthorizer;
import dev.otter.lambda.http.RotateApiKeyHandler;
import dev.otter.lambda.ws.ConnectAuthorizer;
import dev.otter.lambda.ws.ConnectHandler;
import dev.otter.lambda.ws.DisconnectHandler;
import dev.otter.lambda.ws.MessageHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Runs in a fresh JVM whose class path is the shaded Lambda jar plus this class only: every catalogued handler
 * class loads, every handler runs its real path through the DynamoDB adapters against dynalite (HTTP on
 * 127.0.0.1), and the Secrets Manager and API Gateway adapters send a request to that loopback endpoint. A class
 * the shade filters dropped fails here with a NoClassDefFoundError instead of on Lambda.
 *
 * <p>Argument: the dynalite endpoint. Prints {@code PROBE OK} and exits 0, or dies with the error.
 */
public final class ShadedJarProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    private static final byte[] JWT_SECRET = "shaded-jar-probe-only-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final URI endpoint;
    private final Map<String, List<JsonNode>> sent = new ConcurrentHashMap<>();

    private ShadedJarProbe(URI endpoint) {
        this.endpoint = endpoint;
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        new ShadedJarProbe(URI.create(args[0])).run();
        System.out.println("PROBE OK in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private void run() throws Exception {
        for (OtterFunction function : OtterFunction.values()) Class.forName(function.handlerClass());
        Map<String, String> environment = Map.of(
                OtterEnv.ROOMS_TABLE, "probe-rooms",
                OtterEnv.API_KEYS_TABLE, "probe-api-keys", OtterEnv.MESSAGE_BUDGETS_TABLE, "probe-message-budgets",
                OtterEnv.WEB_APP_URL, "https://calls.example.test",
                OtterEnv.WS_MANAGEMENT_ENDPOINT, endpoint.toString(), OtterEnv.JWT_SECRET_ARN, "jwt",
                OtterEnv.TURN_SECRET_ARN, "turn", OtterEnv.TURN_HOST, "turn.example.test", OtterEnv.AWS_REGION, "eu-central-1",
                OtterEnv.WEBHOOK_QUEUE_URL, "https://sqs.eu-central-1.amazonaws.com/123456789012/probe-webhooks");
        LoopbackClouds clouds = new LoopbackClouds();
        OtterServices services = LambdaServices.from(new LambdaConfig(environment::get), clouds);
        OtterTables.createIfMissing(clouds.dynamoDb(), TableNames.withPrefix("probe-"));

        String apiKey = services.apiKeys().createKey();
        expect(new ApiKeyAuthorizer(services).handleRequest(authorizerEvent("Bearer " + apiKey), null).getIsAuthorized(), "API key allowed");
        JsonNode created = body(new CreateRoomHandler(services).handleRequest(http("POST", null, apiKey,
                "{\"lobby\":true,\"embedOrigins\":[\"https://app.example.com\"]}"), null), 201);
        String roomId = created.path("roomId").asText();
        String hostToken = fragmentToken(created.path("hostUrl").asText());
        String guestToken = fragmentToken(created.path("url").asText());

        var tokenCheck = new RoomTokenAuthorizer(services).handleRequest(authorizerEvent("Bearer " + guestToken), null);
        expect(tokenCheck.getIsAuthorized(), "room token allowed");
        Map<String, Object> guestContext = new HashMap<>(tokenCheck.getContext());
        body(new GetRoomHandler(services).handleRequest(http("GET", roomId, null, null, guestContext), null), 200);
        expect(new CredentialsHandler(services).handleRequest(http("GET", null, null, null, guestContext), null)
                .getStatusCode() == 403, "credentials refused without a seat");

        ConnectAuthorizer authorizer = new ConnectAuthorizer(services);
        ConnectHandler connect = new ConnectHandler(services);
        MessageHandler messages = new MessageHandler(services);
        DisconnectHandler disconnect = new DisconnectHandler(services);
        Socket host = open(authorizer, connect, hostToken, "host-conn");
        Socket guest = open(authorizer, connect, guestToken, "guest-conn");
        Socket denied = open(authorizer, connect, guestToken, "denied-conn");
        say(messages, host, "{\"action\":\"join\",\"name\":\"Host\"}", "joined");
        say(messages, guest, "{\"action\":\"join\",\"name\":\"Guest\"}", "lobby-waiting");
        say(messages, denied, "{\"action\":\"join\",\"name\":\"Denied\"}", "lobby-waiting");
        say(messages, host, "{\"action\":\"admit\",\"peerId\":\"" + guest.peerId + "\"}", "knock-resolved");
        expect(last(guest).path("type").asText().equals("joined"), "admitted guest got joined");
        body(new CredentialsHandler(services).handleRequest(http("GET", null, null, null, guestContext,
                Map.of(OtterRoute.SEAT_HEADER, last(guest).path("resumeToken").asText())), null), 200);
        say(messages, host, "{\"action\":\"deny\",\"peerId\":\"" + denied.peerId + "\"}", "knock-resolved");
        say(messages, guest, "{\"action\":\"signal\",\"to\":\"" + host.peerId + "\",\"data\":{\"candidate\":{}}}", "joined");
        expect(last(host).path("type").asText().equals("signal"), "guest's signal relayed");
        say(messages, host, "{\"action\":\"signal\",\"to\":\"" + guest.peerId + "\",\"data\":{\"candidate\":{}}}", "signal");
        expect(last(guest).path("type").asText().equals("signal"), "host's signal relayed");
        say(messages, guest, "{\"action\":\"ping\"}", "pong");
        say(messages, guest, "{\"action\":\"leave\"}", "pong");
        expect(last(host).path("type").asText().equals("peer-left"), "peer-left after leave");
        expect(disconnect.handleRequest(ws(guest, null), null).getStatusCode() == 200, "disconnect");

        JsonNode developerView = body(new DeveloperRoomsHandler(services).handleRequest(http("GET", roomId, apiKey, null), null), 200);
        expect(developerView.path("peers").size() == 1, "developer view lists the host");
        say(messages, host, "{\"action\":\"end\"}", "room-ended");
        body(new DeveloperRoomsHandler(services).handleRequest(http("DELETE", roomId, apiKey, null), null), 200);
        String spareKey = services.apiKeys().createKey();
        JsonNode listedKeys = body(new ApiKeysHandler(services).handleRequest(http("GET", null, apiKey, null), null), 200);
        expect(listedKeys.path("apiKeys").size() == 2, "both API keys listed");
        JsonNode revokedKey = body(new ApiKeysHandler(services).handleRequest(
                http("DELETE", ApiKeys.id(ApiKeys.hash(spareKey)), apiKey, null), null), 200);
        expect(revokedKey.path("state").asText().equals("revoked"), "API key revoked");
        expect(!new ApiKeyAuthorizer(services).handleRequest(authorizerEvent("Bearer " + spareKey), null).getIsAuthorized(),
                "revoked API key denied");
        body(new RotateApiKeyHandler(services).handleRequest(http("POST", null, apiKey, "{\"graceSeconds\":0}"), null), 201);

        reachesTheNetwork(() -> new SecretsManagerSecrets(SecretsManagerClient.builder().region(Region.EU_CENTRAL_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .overrideConfiguration(ShadedJarProbe::noRetries).build())
                .read("arn:aws:secretsmanager:eu-central-1:123456789012:secret:probe"));
        reachesTheNetwork(() -> new ApiGatewayPeerMessenger(ApiGatewayManagementApiClient.builder().region(Region.EU_CENTRAL_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .overrideConfiguration(ShadedJarProbe::noRetries).build())
                .send("probe-connection", "{}"));
    }

    private record Socket(String connectionId, Map<String, Object> context, String peerId) {}

    private Socket open(ConnectAuthorizer authorizer, ConnectHandler connect, String token, String connectionId) {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("REQUEST");
        event.setMethodArn("arn:aws:execute-api:eu-central-1:123456789012:probe/production/$connect");
        event.setQueryStringParameters(Map.of("token", token));
        IamPolicyResponseV1 policy = authorizer.handleRequest(event, null);
        Map<String, Object> context = new HashMap<>(policy.getContext());
        expect(context.containsKey("peerId"), "connect authorizer allowed");
        Socket socket = new Socket(connectionId, context, String.valueOf(context.get("peerId")));
        expect(connect.handleRequest(ws(socket, null), null).getStatusCode() == 200, "$connect admitted");
        return socket;
    }

    private void say(MessageHandler messages, Socket socket, String body, String expectedLastType) {
        expect(messages.handleRequest(ws(socket, body), null).getStatusCode() == 200, "message handled: " + body);
        String type = last(socket).path("type").asText();
        expect(type.equals(expectedLastType), body + " left " + type + ", expected " + expectedLastType);
    }

    private JsonNode last(Socket socket) {
        List<JsonNode> messages = sent.getOrDefault(socket.connectionId, List.of());
        return messages.isEmpty() ? JSON.createObjectNode() : messages.get(messages.size() - 1);
    }

    private static APIGatewayV2WebSocketEvent ws(Socket socket, String body) {
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setConnectionId(socket.connectionId);
        context.setAuthorizer(socket.context);
        context.setRequestId("probe");
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        event.setBody(body);
        return event;
    }

    private static APIGatewayV2HTTPEvent http(String method, String id, String apiKey, String body) {
        return http(method, id, apiKey, body, Map.of());
    }

    private static APIGatewayV2HTTPEvent http(String method, String id, String apiKey, String body, Map<String, Object> authorizer) {
        return http(method, id, apiKey, body, authorizer, Map.of());
    }

    private static APIGatewayV2HTTPEvent http(String method, String id, String apiKey, String body, Map<String, Object> authorizer,
            Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json"));
        headers.putAll(extraHeaders);
        if (apiKey != null) headers.put("authorization", "Bearer " + apiKey);
        return APIGatewayV2HTTPEvent.builder()
                .withHeaders(headers)
                .withPathParameters(id == null ? null : Map.of("id", id))
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("probe")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withLambda(authorizer).build())
                        .build())
                .build();
    }

    // The request context's class initialiser and getTime() need joda-time, which the Lambda runtime reaches
    // when it builds this event; a shade filter dropping it would surface here.
    private static APIGatewayV2CustomAuthorizerEvent authorizerEvent(String authorization) {
        APIGatewayV2CustomAuthorizerEvent.RequestContext context = new APIGatewayV2CustomAuthorizerEvent.RequestContext();
        context.setTime("21/Nov/2026:10:00:00 +0000");
        expect(context.getTime().getYear() == 2026, "authorizer request time parsed");
        APIGatewayV2CustomAuthorizerEvent event = new APIGatewayV2CustomAuthorizerEvent();
        event.setHeaders(Map.of("authorization", authorization));
        event.setRequestContext(context);
        return event;
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response, int status) throws Exception {
        expect(response.getStatusCode() == status, "status " + response.getStatusCode() + " (" + response.getBody() + "), expected " + status);
        return JSON.readTree(response.getBody());
    }

    private static String fragmentToken(String url) {
        return url.substring(url.indexOf("#token=") + "#token=".length());
    }

    /** The adapter got as far as an HTTP exchange with the loopback endpoint, which does not speak its API. */
    private static void reachesTheNetwork(ThrowingCall call) throws Exception {
        try {
            call.run();
        } catch (SdkException e) {
            return;
        }
        throw new IllegalStateException("expected the loopback endpoint to refuse the request");
    }

    // The loopback endpoint answers these with a 500, which the SDK would otherwise retry with back-off.
    private static void noRetries(ClientOverrideConfiguration.Builder configuration) {
        configuration.retryStrategy(AwsRetryStrategy.doNotRetry());
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static void expect(boolean condition, String what) {
        if (!condition) throw new IllegalStateException("probe failed: " + what);
    }

    /** DynamoDB over HTTP on loopback; posts to sockets are recorded instead of sent. */
    private final class LoopbackClouds implements CloudClients {
        private final DynamoDbClient dynamoDb = DynamoDbClient.builder().region(Region.EU_CENTRAL_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint).build();

        @Override
        public DynamoDbClient dynamoDb() {
            return dynamoDb;
        }

        @Override
        public PeerMessenger peerMessenger(String managementEndpoint) {
            return new PeerMessenger() {
                @Override
                public void send(String connectionId, String json) throws PeerGone {
                    try {
                        sent.computeIfAbsent(connectionId, id -> new ArrayList<>()).add(JSON.readTree(json));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void disconnect(String connectionId) {
                    // Nothing to close: the probe's sockets are only names.
                }
            };
        }

        @Override
        public byte[] secret(String secretArn) {
            return JWT_SECRET.clone();
        }

        @Override
        public WebhookQueue webhookQueue(String queueUrl) {
            return (message, delay) -> { }; // the probe checks the handlers, not deliveries
        }
    }
}
