package dev.otter.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The first API key, minted once when the stack is created (first-api-key.js). Its hash goes into the
 * API-keys table; the key itself into a secret named {@link #secretName()} that the CLI reads once and deletes.
 */
public final class FirstApiKey extends Construct {
    private final String secretName;

    public FirstApiKey(Construct scope, String id, ITable apiKeys, RemovalPolicy logRemoval) {
        super(scope, id);
        Stack stack = Stack.of(this);
        secretName = "otter/" + stack.getStackName() + "/first-api-key";
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(LambdaFactory.LOG_RETENTION)
                .removalPolicy(logRemoval)
                .build();
        Role role = Role.Builder.create(this, "Role").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        logs.grantWrite(role);
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:PutItem"))
                .resources(List.of(apiKeys.getTableArn()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:CreateSecret", "secretsmanager:DeleteSecret"))
                // Secrets Manager appends six random characters to every secret's ARN.
                .resources(List.of(stack.formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("secretsmanager")
                        .resource("secret")
                        .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME)
                        .resourceName(secretName + "-??????")
                        .build())))
                .build());
        Function handler = Function.Builder.create(this, "Handler")
                .runtime(Runtime.NODEJS_24_X)
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromInline(Resources.read("first-api-key.js")))
                .timeout(Duration.seconds(30))
                .role(role)
                .logGroup(logs)
                .build();
        CustomResource.Builder.create(this, "Resource")
                .serviceToken(handler.getFunctionArn())
                .resourceType("Custom::OtterFirstApiKey")
                .properties(Map.of("TableName", apiKeys.getTableName(), "SecretName", secretName))
                .build();
    }

    /** Name of the secret holding the plain key until the CLI has shown it. */
    public String secretName() {
        return secretName;
    }
}
