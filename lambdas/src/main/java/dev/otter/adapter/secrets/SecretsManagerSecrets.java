package dev.otter.adapter.secrets;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** Reads a secret's current value once, at wiring time. */
public final class SecretsManagerSecrets {
    private final SecretsManagerClient client;

    public SecretsManagerSecrets(SecretsManagerClient client) {
        this.client = client;
    }

    /** The SecretString's UTF-8 bytes, or the SecretBinary. */
    public byte[] read(String secretArn) {
        GetSecretValueResponse value = client.getSecretValue(r -> r.secretId(secretArn));
        if (value.secretString() != null) return value.secretString().getBytes(StandardCharsets.UTF_8);
        if (value.secretBinary() != null) return value.secretBinary().asByteArray();
        throw new IllegalStateException("secret " + secretArn + " has no value");
    }
}
