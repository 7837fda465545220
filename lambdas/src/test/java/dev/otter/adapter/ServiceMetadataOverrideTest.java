package dev.otter.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SecretsmanagerServiceMetadata;

/** Otter's replacement of the SDK's service metadata provider answers as the SDK did, and loads far less. */
class ServiceMetadataOverrideTest {
    @Test
    void theServicesOtterCallsKeepTheSdksMetadata() {
        assertThat(ServiceMetadata.of("dynamodb")).isInstanceOf(DynamodbServiceMetadata.class);
        assertThat(ServiceMetadata.of("secretsmanager")).isInstanceOf(SecretsmanagerServiceMetadata.class);
        assertThat(ServiceMetadata.of("dynamodb").signingRegion(Region.EU_CENTRAL_1)).isEqualTo(Region.EU_CENTRAL_1);
        assertThat(ServiceMetadata.of("dynamodb").endpointFor(Region.US_EAST_1).toString()).isEqualTo("dynamodb.us-east-1.amazonaws.com");
        assertThat(ServiceMetadata.of("secretsmanager").endpointFor(Region.CN_NORTH_1).toString())
                .isEqualTo("secretsmanager.cn-north-1.amazonaws.com.cn");
    }

    @Test
    void otherPrefixesFallBackToTheDefaultMetadataAsTheyDidForExecuteApi() {
        // The SDK's own map never listed execute-api (the API Gateway management API): it always got the default.
        assertThat(ServiceMetadata.of("execute-api").signingRegion(Region.EU_WEST_1)).isEqualTo(Region.EU_WEST_1);
        assertThat(ServiceMetadata.of("execute-api").endpointFor(Region.EU_WEST_1).toString()).isEqualTo("execute-api.eu-west-1.amazonaws.com");
    }

    @Test
    void lookingUpDynamoDbLoadsNoOtherServicesMetadata() throws Exception {
        // A class loader of its own, so the SDK's static metadata tables are built afresh in this test.
        URL[] classPath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> {
                    try {
                        return Path.of(entry).toUri().toURL();
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(URL[]::new);
        try (URLClassLoader fresh = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            Class<?> serviceMetadata = fresh.loadClass(ServiceMetadata.class.getName());
            Class<?> region = fresh.loadClass(Region.class.getName());
            Object euCentral1 = region.getMethod("of", String.class).invoke(null, "eu-central-1");
            long before = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
            Object dynamoDb = serviceMetadata.getMethod("of", String.class).invoke(null, "dynamodb");
            serviceMetadata.getMethod("signingRegion", region).invoke(dynamoDb, euCentral1);
            long loaded = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - before;
            // The SDK's provider loads one class per AWS service, over 300 of them, to look up one.
            assertThat(loaded).isLessThan(120);
        }
    }
}
