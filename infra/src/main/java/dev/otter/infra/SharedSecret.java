package dev.otter.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/** A random secret Secrets Manager generates at deploy: never in code, a template or a request. */
public final class SharedSecret extends Construct {
    private final Secret secret;

    /**
     * @param description what the secret is for (shown in the console)
     * @param rotationReason why it is not rotated automatically (recorded as the cdk-nag acknowledgement)
     */
    public SharedSecret(Construct scope, String id, String description, String rotationReason, RemovalPolicy removal) {
        super(scope, id);
        // 64 letters and digits ≈ 380 bits: over HS256's 256, and safe on a command line (coturn).
        secret = Secret.Builder.create(this, "Resource")
                .description(description)
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        .excludePunctuation(true)
                        .build())
                .removalPolicy(removal)
                .build();
        NagSuppressions.addResourceSuppressions(secret, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SMG4")
                .reason(rotationReason)
                .build()));
    }

    public ISecret secret() {
        return secret;
    }
}
