package dev.otter.infra;

import dev.otter.config.OtterEnv;
import dev.otter.config.OtterFunction;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.Table;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The TURN relay fleet, its shared secret, and the relay revocations its tasks act on; independent of the other
 * stacks (the functions that remove participants and end rooms write revocations into its table).
 */
public final class TurnStack extends Stack {
    private final ISecret turnSecret;
    private final Table relayRevocations;
    private final TurnService turn;

    public TurnStack(Construct scope, String id, StackProps props, OtterAppProps app, RemovalPolicy logRemoval) {
        super(scope, id, props);
        turnSecret = new SharedSecret(this, "TurnSecret", "Otter coturn static-auth-secret",
                "coturn reads its static-auth-secret once at start, so rotation needs a coordinated task "
                        + "restart; credentials derived from it live at most 1 hour.",
                RemovalPolicy.DESTROY).secret();
        // Revocations matter for about an hour: nothing worth keeping when the stack goes, whatever --retain-data says.
        relayRevocations = OtterTables.create(this, OtterFunction.Table.RELAY_REVOCATIONS, RemovalPolicy.DESTROY);
        turn = new TurnService(this, "Turn", turnSecret, relayRevocations, app.coturnDirectory(), app.turnTlsDomain(),
                app.maxTurnTasks(), logRemoval);
        CfnOutput.Builder.create(this, "TurnHost").value(turn.host()).build();
    }

    /** The variables that tell a function where clients reach TURN: the host, and the TLS host when there is one. */
    public Map<String, String> hostValues() {
        Map<String, String> values = new HashMap<>();
        values.put(OtterEnv.TURN_HOST, turn.host());
        if (turn.tlsHost() != null) values.put(OtterEnv.TURN_TLS_HOST, turn.tlsHost());
        return values;
    }

    /** Where removals and ends revoke relays; every TURN task reads it. */
    public ITable relayRevocations() {
        return relayRevocations;
    }

    public ISecret turnSecret() {
        return turnSecret;
    }

    public TurnService turn() {
        return turn;
    }
}
