package dev.otter.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/** The TURN relay fleet and its shared secret; independent of the other stacks. */
public final class TurnStack extends Stack {
    private final ISecret turnSecret;
    private final TurnService turn;

    public TurnStack(Construct scope, String id, StackProps props, OtterAppProps app, RemovalPolicy logRemoval) {
        super(scope, id, props);
        turnSecret = new SharedSecret(this, "TurnSecret", "Otter coturn static-auth-secret",
                "coturn reads its static-auth-secret once at start, so rotation needs a coordinated task "
                        + "restart; credentials derived from it live at most 24 hours.",
                RemovalPolicy.DESTROY).secret();
        turn = new TurnService(this, "Turn", turnSecret, app.coturnDirectory(), app.turnTlsDomain(),
                app.maxTurnTasks(), logRemoval);
        CfnOutput.Builder.create(this, "TurnHost").value(turn.host()).build();
    }

    public ISecret turnSecret() {
        return turnSecret;
    }

    public TurnService turn() {
        return turn;
    }
}
