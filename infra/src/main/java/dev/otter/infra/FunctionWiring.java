package dev.otter.infra;

import dev.otter.config.OtterFunction;
import java.util.Map;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * What one stack can offer its functions. {@link LambdaFactory} takes from it exactly what each
 * {@link OtterFunction} declares: a table's name goes into the table's variable, a secret's ARN into the
 * secret's variable, the stage's callback URL into {@code OTTER_WS_MANAGEMENT_ENDPOINT}.
 *
 * @param tables the tables by their catalog entry
 * @param secrets secrets by the variable that carries their ARN (e.g. {@code OTTER_JWT_SECRET_ARN})
 * @param values plain values by variable name (web app URL, TURN hosts)
 * @param connectionsStage the WebSocket stage whose connections the functions may manage; {@code null}
 *     where no function of the stack needs it
 * @param webhookQueue the queue webhook events go to; {@code null} where no function of the stack sends to it
 */
public record FunctionWiring(
        Map<OtterFunction.Table, ITable> tables,
        Map<String, ISecret> secrets,
        Map<String, String> values,
        WebSocketStage connectionsStage,
        IQueue webhookQueue) {

    public FunctionWiring {
        tables = Map.copyOf(tables);
        secrets = Map.copyOf(secrets);
        values = Map.copyOf(values);
    }

    /** Wiring for functions that send no webhook events. */
    public FunctionWiring(Map<OtterFunction.Table, ITable> tables, Map<String, ISecret> secrets, Map<String, String> values,
            WebSocketStage connectionsStage) {
        this(tables, secrets, values, connectionsStage, null);
    }
}
