package dev.otter.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otter.lambda.http.ApiKeyAuthorizer;
import dev.otter.lambda.http.CreateRoomHandler;
import dev.otter.lambda.http.CredentialsHandler;
import dev.otter.lambda.http.GetRoomHandler;
import dev.otter.testing.SignalingDriver.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * What one two-person call costs, phase by phase, for {@code ./otter bench}: runs the real handlers against dynalite
 * and counts, per phase, DynamoDB requests by operation and the read/write capacity units dynalite reports (the SDK
 * interceptor below asks every request for its consumed capacity), Lambda invocations, API requests and WebSocket
 * messages in each direction, and the handlers' median time per invocation on this machine. Prints one JSON object;
 * e2e/bench/report.mjs turns it into dollars. Phases are counted once each; how often a phase happens in a call
 * (pings every 4 minutes, the number of signals) is the report's business.
 */
public final class CallCostProbe {
    private final Map<String, Integer> requests = new TreeMap<>();
    private double readUnits;
    private double writeUnits;
    private final List<Long> invocationNanos = new java.util.ArrayList<>();

    public static void main(String[] args) throws Exception {
        System.out.println(new CallCostProbe().run());
        System.exit(0);
    }

    /** Asks each request for its consumed capacity and adds it up. */
    private final ExecutionInterceptor meter = new ExecutionInterceptor() {
        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            if (request instanceof GetItemRequest r) return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            if (request instanceof PutItemRequest r) return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            if (request instanceof UpdateItemRequest r) return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            return request;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            synchronized (CallCostProbe.this) {
                requests.merge(context.request().getClass().getSimpleName().replace("Request", ""), 1, Integer::sum);
                add(capacity(context.response()), context.response() instanceof GetItemResponse);
            }
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            // A failed conditional write is billed as a write of the item's size (at least one unit).
            synchronized (CallCostProbe.this) {
                String operation = context.request().getClass().getSimpleName().replace("Request", "");
                requests.merge(operation, 1, Integer::sum);
                if (!operation.startsWith("Get")) writeUnits += 1;
            }
        }
    };

    private static ConsumedCapacity capacity(SdkResponse response) {
        if (response instanceof GetItemResponse r) return r.consumedCapacity();
        if (response instanceof PutItemResponse r) return r.consumedCapacity();
        if (response instanceof UpdateItemResponse r) return r.consumedCapacity();
        return null;
    }

    /** dynalite, like DynamoDB for a table without indexes, may report only the total: a read's is read units. */
    private void add(ConsumedCapacity capacity, boolean read) {
        if (capacity == null) return;
        if (capacity.readCapacityUnits() != null || capacity.writeCapacityUnits() != null) {
            if (capacity.readCapacityUnits() != null) readUnits += capacity.readCapacityUnits();
            if (capacity.writeCapacityUnits() != null) writeUnits += capacity.writeCapacityUnits();
        } else if (capacity.capacityUnits() != null) {
            if (read) readUnits += capacity.capacityUnits();
            else writeUnits += capacity.capacityUnits();
        }
    }

    private final ArrayNode phases = Fixtures.MAPPER.createArrayNode();
    private TestWorld world;

    private String run() throws Exception {
        try (DynaliteServer engine = new DynaliteServer()) {
            world = TestWorld.over(engine.client(meter));
            SignalingDriver gateway = new SignalingDriver(world);
            String apiKey = world.services.apiKeys().createKey();
            ApiKeyAuthorizer apiKeys = new ApiKeyAuthorizer(world.services);
            CreateRoomHandler createRoom = new CreateRoomHandler(world.services);
            GetRoomHandler getRoom = new GetRoomHandler(world.services);
            CredentialsHandler credentials = new CredentialsHandler(world.services);

            JsonNode created = phase("create room", 2, 1, 0, () -> {
                apiKeys.handleRequest(HttpDriver.authorizerEvent("POST", "/createRoom", Map.of("authorization", "Bearer " + apiKey), null), null);
                return HttpDriver.body(createRoom.handleRequest(HttpDriver.event("POST /createRoom",
                        Map.of("rawPath", "/createRoom", "body", "{\"maxParticipants\":2}")), null));
            });
            String roomId = created.path("roomId").asText();
            String token = created.path("url").asText().substring(created.path("url").asText().indexOf("#token=") + 7);
            phase("open link (per person)", 2, 1, 0, () -> HttpDriver.body(getRoom.handleRequest(HttpDriver.event("GET /room/{id}",
                    Map.of("rawPath", "/room/" + roomId, "id", roomId, "authorizer", Map.of("roomId", roomId, "role", "guest"))), null)));
            // As the web app connects: a standby socket, seated by its join.
            Connection first = gateway.connectStandby(token);
            gateway.join(first, "First");
            Connection[] second = new Connection[1];
            phase("connect and join (per person)", 3, 0, 1, () -> {
                second[0] = gateway.connectStandby(token);
                return gateway.join(second[0], "Second");
            });
            // joined carries the seat's TURN credentials (an hour, so a 30-minute call never refreshes them); what each
            // person still asks for is the pre-join connectivity check's short-lived pair.
            phase("connectivity check credentials (per person)", 2, 1, 0, () -> {
                var event = HttpDriver.event("GET /credentials", Map.of("rawPath", "/credentials",
                        "authorizer", Map.of("roomId", roomId, "role", "guest")));
                event.setQueryStringParameters(Map.of(CredentialsHandler.PURPOSE_PARAM, "check"));
                return HttpDriver.body(credentials.handleRequest(event, null));
            });
            String to = first.peerId();
            phase("signal (each)", 1, 0, 1, () -> {
                gateway.send(second[0], "{\"action\":\"signal\",\"to\":\"" + to + "\",\"data\":{\"candidate\":{}}}");
                return null;
            });
            phase("ping (each)", 1, 0, 1, () -> {
                gateway.send(second[0], "{\"action\":\"ping\"}");
                return null;
            });
            phase("leave (per person)", 2, 0, 1, () -> {
                gateway.send(second[0], "{\"action\":\"leave\"}");
                gateway.close(second[0]);
                return null;
            });
            ObjectNode result = Fixtures.MAPPER.createObjectNode();
            result.set("phases", phases);
            List<Long> sorted = invocationNanos.stream().sorted().toList();
            result.put("medianInvocationMs", sorted.get(sorted.size() / 2) / 1e6);
            return Fixtures.MAPPER.writeValueAsString(result);
        }
    }

    /**
     * Runs one phase and records what it cost.
     *
     * @param invocations Lambda invocations the phase makes on AWS (authorizers included)
     * @param apiRequests HTTP API requests
     * @param wsIn WebSocket messages the client sends (its $connect is not a message)
     */
    private JsonNode phase(String name, int invocations, int apiRequests, int wsIn, Supplier<JsonNode> work) {
        Map<String, Integer> before = new TreeMap<>(requests);
        double reads = readUnits;
        double writes = writeUnits;
        int sent = world.messenger.totalSent();
        long start = System.nanoTime();
        JsonNode answer = work.get();
        invocationNanos.add((System.nanoTime() - start) / Math.max(1, invocations));
        ObjectNode phase = phases.addObject();
        phase.put("phase", name);
        ObjectNode counted = phase.putObject("dynamoDbRequests");
        requests.forEach((operation, n) -> {
            int delta = n - before.getOrDefault(operation, 0);
            if (delta > 0) counted.put(operation, delta);
        });
        phase.put("readUnits", readUnits - reads);
        phase.put("writeUnits", writeUnits - writes);
        phase.put("lambdaInvocations", invocations);
        phase.put("apiRequests", apiRequests);
        phase.put("wsMessagesIn", wsIn);
        phase.put("wsMessagesOut", world.messenger.totalSent() - sent);
        return answer;
    }
}
