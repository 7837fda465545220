package dev.otter.infra;

import dev.otter.config.OtterEnv;
import dev.otter.config.OtterFunction;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The one place Otter's Lambdas are defined: runtime, architecture, memory, SnapStart, logs, environment and
 * permissions all follow from the function's {@link OtterFunction} entry, so a handler cannot read a variable
 * the stack forgot to set or touch a table it was not granted.
 */
public final class LambdaFactory {
    /**
     * Lambda gives CPU in proportion to memory (a full vCPU at 1,769 MB). The handlers are CPU-bound at start
     * (class loading and SDK client set-up took 430–530 ms on a full core in our cold-start measurements) and need
     * little heap, so 1,024 MB (about 0.6 vCPU) keeps restores and the first calls after them fast while
     * costing half of a full vCPU per millisecond. Revisit with production p99s.
     */
    public static final int MEMORY_MB = 1024;
    public static final Duration TIMEOUT = Duration.seconds(10);
    public static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;
    /**
     * What the handlers do with a table, and no more: {@code grantReadData} would add Scan (and stream reads),
     * which no handler needs, so a compromised function could not list every room.
     */
    static final List<String> READ_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
            "dynamodb:ConditionCheckItem");
    static final List<String> READ_WRITE_ACTIONS = java.util.stream.Stream.concat(READ_ACTIONS.stream(),
            java.util.stream.Stream.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem")).toList();
    /** Name of the alias API Gateway invokes; SnapStart snapshots only published versions. */
    public static final String ALIAS = "live";

    private final String codePath;
    private final RemovalPolicy logRemoval;
    /** An asset belongs to one stack, so each stack gets its own Code for the same file. */
    private final Map<Stack, Code> codeByStack = new HashMap<>();

    /**
     * @param codePath the shaded handler jar (the app passes lambdas/target/…-lambda.jar; tests a small stand-in)
     * @param logRemoval what happens to the log groups when the stack is deleted
     */
    public LambdaFactory(String codePath, RemovalPolicy logRemoval) {
        this.codePath = codePath;
        this.logRemoval = logRemoval;
    }

    /** Creates the function for {@code spec} under {@code scope}, wired from {@code wiring}. */
    public OtterLambda create(Construct scope, OtterFunction spec, FunctionWiring wiring) {
        return new OtterLambda(scope, constructId(spec), spec, wiring);
    }

    /** A stable construct id per catalog entry, e.g. CREATE_ROOM → "CreateRoom". */
    static String constructId(OtterFunction spec) {
        return constructId(spec.name());
    }

    static String constructId(String enumName) {
        StringBuilder id = new StringBuilder();
        for (String part : enumName.split("_")) {
            id.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return id.toString();
    }

    /** One handler: its function, its published version behind {@link #ALIAS}, its log group and role. */
    public final class OtterLambda extends Construct {
        private final Function function;
        private final Alias alias;

        OtterLambda(Construct scope, String id, OtterFunction spec, FunctionWiring wiring) {
            super(scope, id);
            Map<String, String> environment = environment(spec, wiring);
            LogGroup logs = LogGroup.Builder.create(this, "Logs")
                    .retention(LOG_RETENTION)
                    .removalPolicy(logRemoval)
                    .build();
            // An own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
            Role role = Role.Builder.create(this, "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .build();
            logs.grantWrite(role);
            function = Function.Builder.create(this, "Resource")
                    .runtime(Runtime.JAVA_21)
                    .architecture(Architecture.ARM_64)
                    .handler(spec.handlerClass() + "::handleRequest")
                    .code(codeByStack.computeIfAbsent(Stack.of(this), stack -> Code.fromAsset(codePath)))
                    .memorySize(MEMORY_MB)
                    .timeout(TIMEOUT)
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .logGroup(logs)
                    .role(role)
                    .environment(environment)
                    .build();
            grantTables(spec, wiring);
            grantSecrets(spec, wiring);
            if (spec.managesConnections()) {
                wiring.connectionsStage().grantManagementApiAccess(function);
            }
            if (spec.sendsWebhooks()) {
                // SendMessage alone: grantSendMessages would add GetQueueAttributes and GetQueueUrl, which no handler calls.
                function.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("sqs:SendMessage"))
                        .resources(List.of(wiring.webhookQueue().getQueueArn()))
                        .build());
            }
            acknowledgeFindings(spec);
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "API Gateway invokes the published version behind the live alias");
            alias = Alias.Builder.create(this, "Live")
                    .aliasName(ALIAS)
                    .version(function.getCurrentVersion())
                    .build();
        }

        public Function function() {
            return function;
        }

        /** What API Gateway must invoke: the SnapStart-enabled published version. */
        public Alias alias() {
            return alias;
        }

        private void acknowledgeFindings(OtterFunction spec) {
            NagSuppressions.addResourceSuppressions(function, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-L1")
                    .reason("Java 21 is the runtime the handlers are built, tested and measured on; under SnapStart "
                            + "Java 25 switches to full JIT tiering and needs priming first.")
                    .build()));
            if (spec.managesConnections()) {
                NagSuppressions.addResourceSuppressions(function.getRole(), List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::.*/prod/\\*/@connections/\\*$/").build()))
                        .reason("execute-api:ManageConnections on this API's stage only; connection ids exist only at "
                                + "run time, so the connection part of the ARN must be a wildcard.")
                        .build()), true);
            }
        }

        private void grantTables(OtterFunction spec, FunctionWiring wiring) {
            spec.tables().forEach((table, access) -> wiring.tables().get(table)
                    .grant(function, (access == OtterFunction.Access.READ ? READ_ACTIONS : READ_WRITE_ACTIONS)
                            .toArray(String[]::new)));
        }

        private void grantSecrets(OtterFunction spec, FunctionWiring wiring) {
            for (String variable : spec.secretArnVariables()) {
                function.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("secretsmanager:GetSecretValue"))
                        .resources(List.of(wiring.secrets().get(variable).getSecretArn()))
                        .build());
            }
        }
    }

    /** Every variable the entry names, resolved from the wiring; fails listing whatever is missing. */
    static Map<String, String> environment(OtterFunction spec, FunctionWiring wiring) {
        Map<String, String> environment = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (String variable : spec.environment()) {
            String value = resolve(variable, wiring);
            if (value != null) {
                environment.put(variable, value);
            } else if (!OtterEnv.OPTIONAL.contains(variable)) {
                missing.add(variable);
            }
        }
        for (OtterFunction.Table table : spec.tables().keySet()) {
            if (!wiring.tables().containsKey(table)) {
                missing.add("table " + table);
            }
        }
        if (spec.managesConnections() && wiring.connectionsStage() == null) {
            missing.add("WebSocket stage for execute-api:ManageConnections");
        }
        if (spec.sendsWebhooks() && wiring.webhookQueue() == null) {
            missing.add("webhook queue for sqs:SendMessage");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Function " + spec + " (" + spec.handlerClass() + ") needs "
                    + missing + " but its stack does not provide them; add them to the stack's FunctionWiring");
        }
        return environment;
    }

    private static String resolve(String variable, FunctionWiring wiring) {
        if (variable.equals(OtterEnv.AWS_REGION)) {
            return null;
        }
        for (OtterFunction.Table table : OtterFunction.Table.values()) {
            if (table.envName().equals(variable)) {
                ITable resource = wiring.tables().get(table);
                return resource == null ? null : resource.getTableName();
            }
        }
        if (variable.equals(OtterEnv.WEBHOOK_QUEUE_URL)) {
            return wiring.webhookQueue() == null ? null : wiring.webhookQueue().getQueueUrl();
        }
        if (variable.equals(OtterEnv.WS_MANAGEMENT_ENDPOINT)) {
            return wiring.connectionsStage() == null ? null : wiring.connectionsStage().getCallbackUrl();
        }
        ISecret secret = wiring.secrets().get(variable);
        if (secret != null) {
            return secret.getSecretArn();
        }
        return wiring.values().get(variable);
    }
}
