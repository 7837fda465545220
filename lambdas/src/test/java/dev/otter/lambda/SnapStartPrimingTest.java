package dev.otter.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Priming runs the DynamoDB client's whole request path before a snapshot without reaching AWS or asking for credentials. */
class SnapStartPrimingTest {
    private final AtomicInteger requestsReceived = new AtomicInteger();
    private final AtomicInteger credentialLookups = new AtomicInteger();
    private HttpServer endpoint;
    private DynamoDbClient client;

    @BeforeEach
    void start() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            requestsReceived.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        endpoint.start();
        AwsCredentialsProvider functionCredentials = () -> {
            credentialLookups.incrementAndGet();
            return AwsBasicCredentials.create("function", "function");
        };
        client = DynamoDbClient.builder().region(Region.EU_CENTRAL_1).credentialsProvider(functionCredentials)
                .endpointOverride(URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(SnapStartPriming.STOP_BEFORE_SENDING)
                        .retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        endpoint.stop(0);
    }

    @Test
    void thePrimingRequestIsSignedAndStoppedBeforeSending() {
        assertThat(SnapStartPriming.primeDynamoDb(client)).isTrue();
        assertThat(requestsReceived).hasValue(0);
        assertThat(credentialLookups).as("the function's own credentials must not be resolved into the snapshot").hasValue(0);
    }

    @Test
    void everyPrimingStepCompletes() {
        assertThat(new SnapStartPriming(() -> client, new TlsOnFirstUse()::prepareTls).prime()).isEmpty();
        assertThat(requestsReceived).hasValue(0);
        assertThat(credentialLookups).hasValue(0);
    }

    @Test
    void realRequestsPassTheStopUntouched() {
        catchThrowable(() -> client.getItem(r -> r.tableName("rooms").key(Map.of("roomId", AttributeValue.fromS("x")))));
        assertThat(requestsReceived).hasValue(1);
        assertThat(credentialLookups).hasPositiveValue();
    }
}
