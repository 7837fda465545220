package dev.otter.infra;

import dev.otter.config.DeploymentCapacity;
import dev.otter.config.OtterEnv;
import dev.otter.config.OtterFunction;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The WebSocket API, its handlers, and the data they share with the HTTP API: the rooms
 * table, the room-token secret, webhook delivery (its queue, table and sender) and the schedule that ends expired rooms. The rooms table lives here rather than with the HTTP API because the
 * $connect handler needs it and the HTTP API's stack already depends on this one (for the management
 * endpoint); owning it there would make the two stacks depend on each other.
 */
public final class SignalingStack extends Stack {
    public static final Set<OtterFunction> FUNCTIONS = EnumSet.of(
            OtterFunction.CONNECT_AUTHORIZER, OtterFunction.CONNECT, OtterFunction.MESSAGE, OtterFunction.DISCONNECT,
            OtterFunction.WEBHOOK_SENDER, OtterFunction.ROOM_EXPIRY);

    /**
     * How often the expiry sweep runs: EventBridge's shortest rate. A room's end is announced up to this late; its
     * expiry itself is exact (every join and credential check compares it with the clock).
     */
    public static final software.amazon.awscdk.Duration ROOM_EXPIRY_INTERVAL = software.amazon.awscdk.Duration.minutes(1);

    private final Table rooms;
    private final Table messageBudgets;
    private final ISecret jwtSecret;
    private final SignalingApi signaling;
    private final WebhookDelivery webhooks;

    /**
     * @param capacity the stage and {@code $connect} throttles derive from it
     * @param turn     the TURN host and secret: {@code joined} carries each seat's TURN credentials
     */
    public SignalingStack(Construct scope, String id, StackProps props, LambdaFactory functions,
            DeploymentCapacity capacity, TurnStack turn, RemovalPolicy dataRemoval) {
        super(scope, id, props);
        rooms = OtterTables.create(this, OtterFunction.Table.ROOMS, dataRemoval);
        // Counts that matter for ten seconds: nothing worth keeping when the stack goes, whatever --retain-data says.
        messageBudgets = OtterTables.create(this, OtterFunction.Table.MESSAGE_BUDGETS, RemovalPolicy.DESTROY);
        jwtSecret = new SharedSecret(this, "JwtSecret", "Otter room-token signing key (HS256)",
                "Rotating the signing key would invalidate every room link already handed out; the key never "
                        + "leaves Secrets Manager and the handlers that sign and verify tokens.",
                dataRemoval).secret();
        signaling = new SignalingApi(this, "Signaling", capacity);
        webhooks = new WebhookDelivery(this, "Webhooks", dataRemoval);

        Map<OtterFunction.Table, ITable> tables = Map.of(OtterFunction.Table.ROOMS, rooms,
                OtterFunction.Table.MESSAGE_BUDGETS, messageBudgets,
                OtterFunction.Table.RELAY_REVOCATIONS, turn.relayRevocations(),
                OtterFunction.Table.WEBHOOKS, webhooks.table());
        FunctionWiring wiring = new FunctionWiring(tables,
                Map.of(OtterEnv.JWT_SECRET_ARN, jwtSecret, OtterEnv.TURN_SECRET_ARN, turn.turnSecret()),
                turn.hostValues(), signaling.stage(), webhooks.queue());
        Map<OtterFunction, IFunction> handlers = new EnumMap<>(OtterFunction.class);
        for (OtterFunction function : FUNCTIONS) {
            handlers.put(function, functions.create(this, function, wiring).alias());
        }
        webhooks.deliverWith(handlers.remove(OtterFunction.WEBHOOK_SENDER));
        // Its live alias, like every trigger here, so SnapStart's published version runs.
        Rule.Builder.create(this, "RoomExpirySchedule")
                .description("Ends Otter rooms whose time ran out (room.ended, reason expired)")
                .schedule(Schedule.rate(ROOM_EXPIRY_INTERVAL))
                .targets(List.of(LambdaFunction.Builder.create(handlers.remove(OtterFunction.ROOM_EXPIRY)).build()))
                .build();
        signaling.route(handlers);
        CfnOutput.Builder.create(this, "WebSocketUrl").value(signaling.stage().getUrl()).build();
    }

    public ITable rooms() {
        return rooms;
    }

    public ISecret jwtSecret() {
        return jwtSecret;
    }

    public SignalingApi signaling() {
        return signaling;
    }

    public WebhookDelivery webhooks() {
        return webhooks;
    }
}
