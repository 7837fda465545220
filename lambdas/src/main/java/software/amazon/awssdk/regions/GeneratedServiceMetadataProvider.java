package software.amazon.awssdk.regions;

import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SecretsmanagerServiceMetadata;

/**
 * Replaces the SDK's generated provider of the same name, in the shaded Lambda jar and on Otter's class paths.
 *
 * <p>Why: every SDK client reads its signing region through {@code ServiceMetadata.of(prefix)} on its first
 * request, and the SDK's generated provider answers from one static map holding an instance of every AWS
 * service's metadata class, about 320 classes loaded and initialised to look up one. That was 7% of all classes
 * a cold {@code GET /room/{id}} loads. This provider knows the services Otter calls and nothing else; any other
 * prefix (the API Gateway management API's {@code execute-api} among them, which the SDK's map does not list
 * either) gets {@code null}, for which {@link ServiceMetadata#of} falls back to its default metadata exactly as
 * before. {@code ServiceMetadataOverrideTest} pins the answers Otter depends on; the shade filter in
 * {@code lambdas/pom.xml} drops the other metadata classes, and {@code ShadedJarIT} runs every handler from that jar.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {
    private static final ServiceMetadata DYNAMODB = new DynamodbServiceMetadata();
    private static final ServiceMetadata SECRETS_MANAGER = new SecretsmanagerServiceMetadata();

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return switch (endpointPrefix) {
            case "dynamodb" -> DYNAMODB;
            case "secretsmanager" -> SECRETS_MANAGER;
            default -> null;
        };
    }
}
