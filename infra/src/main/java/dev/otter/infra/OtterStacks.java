package dev.otter.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The four stacks, wired without cycles: Frontend and Turn stand alone; Signaling depends on Turn (its message
 * handler puts each seat's TURN credentials into {@code joined}, so it needs the TURN host and secret); Api depends
 * on all three (web origin for links and CORS, tables and endpoints of signaling, the TURN host and secret), and
 * uploads the web app with config.json into the Frontend bucket.
 */
public record OtterStacks(FrontendStack frontend, SignalingStack signaling, TurnStack turn, ApiStack api) {
    public static final String FRONTEND = "OtterFrontend";
    public static final String SIGNALING = "OtterSignaling";
    public static final String TURN = "OtterTurn";
    public static final String API = "OtterApi";

    public static OtterStacks create(Construct app, OtterAppProps props) {
        // Strong cross-stack references (CloudFormation refuses to delete an export still in use), said
        // explicitly so that a future CDK default cannot change them silently.
        app.getNode().setContext("@aws-cdk/core:defaultCrossStackReferences", "strong");
        RemovalPolicy dataRemoval = props.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        LambdaFactory functions = new LambdaFactory(props.lambdaCode(), dataRemoval);
        StackProps stackProps = StackProps.builder().description("Otter: private peer-to-peer video calls").build();
        FrontendStack frontend = new FrontendStack(app, FRONTEND, stackProps, props.webDomain(), props.embedOrigins());
        TurnStack turn = new TurnStack(app, TURN, stackProps, props, dataRemoval);
        SignalingStack signaling = new SignalingStack(app, SIGNALING, stackProps, functions, props.capacity(), turn,
                dataRemoval);
        ApiStack api = new ApiStack(app, API, stackProps, functions, props, frontend, signaling, turn, dataRemoval);
        return new OtterStacks(frontend, signaling, turn, api);
    }
}
