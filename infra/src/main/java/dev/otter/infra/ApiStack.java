package dev.otter.infra;

import dev.otter.config.OtterEnv;
import dev.otter.config.OtterFunction;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The HTTP API with its handlers and the API-keys table, the first API key, and the web app's upload with
 * its config.json. Last in the chain: it needs the web origin, the signaling endpoints and the TURN host.
 */
public final class ApiStack extends Stack {
    public static final Set<OtterFunction> FUNCTIONS = EnumSet.complementOf(EnumSet.copyOf(SignalingStack.FUNCTIONS));

    private final RoomsApi api;
    private final Table apiKeys;
    private final FirstApiKey firstApiKey;

    public ApiStack(Construct scope, String id, StackProps props, LambdaFactory functions, OtterAppProps app,
            FrontendStack frontend, SignalingStack signaling, TurnStack turn, RemovalPolicy dataRemoval) {
        super(scope, id, props);
        apiKeys = OtterTables.create(this, OtterFunction.Table.API_KEYS, dataRemoval);
        Map<String, String> values = new HashMap<>();
        values.put(OtterEnv.WEB_APP_URL, frontend.site().url());
        values.put(OtterEnv.TURN_HOST, turn.turn().host());
        if (turn.turn().tlsHost() != null) {
            values.put(OtterEnv.TURN_TLS_HOST, turn.turn().tlsHost());
        }
        FunctionWiring wiring = new FunctionWiring(
                Map.of(OtterFunction.Table.ROOMS, signaling.rooms(),
                        OtterFunction.Table.API_KEYS, apiKeys,
                        OtterFunction.Table.WEBHOOKS, signaling.webhooks().table()),
                Map.of(OtterEnv.JWT_SECRET_ARN, signaling.jwtSecret(), OtterEnv.TURN_SECRET_ARN, turn.turnSecret()),
                values,
                signaling.signaling().stage(),
                signaling.webhooks().queue());
        Map<OtterFunction, IFunction> handlers = new EnumMap<>(OtterFunction.class);
        for (OtterFunction function : FUNCTIONS) {
            handlers.put(function, functions.create(this, function, wiring).alias());
        }
        List<String> corsOrigins = new ArrayList<>();
        corsOrigins.add(frontend.site().url());
        corsOrigins.addAll(app.apiOrigins().origins());
        api = new RoomsApi(this, "Api", handlers, corsOrigins, Throttles.of(app.capacity().http()), dataRemoval);
        firstApiKey = new FirstApiKey(this, "FirstApiKey", apiKeys, dataRemoval);
        new SiteDeployment(this, "SiteDeployment", frontend.site(), app.webappDist(), api.url(),
                signaling.signaling().stage().getUrl(), dataRemoval);
        CfnOutput.Builder.create(this, "ApiUrl").value(api.url()).build();
        CfnOutput.Builder.create(this, "FirstApiKeySecretName").value(firstApiKey.secretName()).build();
    }

    public RoomsApi api() {
        return api;
    }
}
