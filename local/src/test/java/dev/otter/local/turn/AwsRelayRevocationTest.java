package dev.otter.local.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.otter.adapter.dynamodb.DynamoRelayRevoker;
import dev.otter.adapter.dynamodb.OtterTables;
import dev.otter.adapter.dynamodb.TableNames;
import dev.otter.config.OtterFunction.Table;
import dev.otter.core.Ids;
import dev.otter.core.TurnCredentials;
import dev.otter.local.data.LocalDynamoDb;
import dev.otter.local.data.PrivateFiles;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Relay revocation as a deployment on AWS does it, with everything but AWS real: the Lambdas' {@link DynamoRelayRevoker}
 * writes revocations into dynalite, the TURN task's {@code coturn/otter-revoker.sh} (the image's own script, with the
 * real {@code curl} signing its DynamoDB requests, {@code jq} and {@code awk}) reads them and cancels the sessions they
 * name through the CLI of a real coturn, whose password it derives from the TURN secret as the entrypoint does. The
 * relays are real allocations, kept alive by Refreshes as a browser keeps them.
 */
class AwsRelayRevocationTest {
    /** How soon a revoked relay must be gone: the revoker reads every second here (5 s on AWS); generous for load. */
    private static final Duration RELAY_END_BOUND = Duration.ofSeconds(30);
    private static final Duration ALLOCATE_WAIT = Duration.ofSeconds(2);
    private static final TableNames TABLES = TableNames.withPrefix("aws-revocation-");

    @TempDir
    static Path dir;
    private static LocalDynamoDb dynalite;
    private static DynamoDbClient dynamoDb;
    private static Process coturn;
    private static Process revokerScript;
    private static HttpServer credentialsEndpoint;
    private static InetSocketAddress turn;
    private static TurnCredentials credentials;
    private static DynamoRelayRevoker revoker;

    @BeforeAll
    static void start() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        String secret = randomSecret();
        dynalite = LocalDynamoDb.start(repo.resolve("tools/dynalite"), dir);
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + dynalite.port()))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(ApacheHttpClient.create())
                .build();
        OtterTables.createIfMissing(dynamoDb, TABLES);
        revoker = new DynamoRelayRevoker(dynamoDb, TABLES.relayRevocations(), Clock.systemUTC());

        int turnPort = freeUdpAndTcpPort();
        int cliPort = freeTcpPort();
        Path config = dir.resolve("turnserver.conf");
        PrivateFiles.write(config, CoturnConfig.local(Files.readString(repo.resolve("coturn/turnserver.conf")), turnPort, secret,
                dir, cliPort, cliPasswordAsTheImageDerivesIt(repo, secret)));
        coturn = PrivateFiles.ownerOnlyProcess(List.of(Coturn.installed().orElseThrow().toString(), "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("turnserver.out").toFile()).start();
        turn = new InetSocketAddress(InetAddress.getLoopbackAddress(), turnPort);
        Instant deadline = Instant.now().plusSeconds(30);
        while (!StunProbe.answers(turn, Duration.ofMillis(200))) {
            assertThat(Instant.now()).as("coturn answering STUN").isBefore(deadline);
            assertThat(coturn.isAlive()).as("coturn running; see " + dir.resolve("turnserver.out")).isTrue();
        }
        credentials = new TurnCredentials(secret, new TurnCredentials.TurnServer("127.0.0.1", turnPort, null, 0), Clock.systemUTC());

        // The task role's credentials endpoint, as ECS serves it.
        credentialsEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        credentialsEndpoint.createContext("/v2/credentials/task", exchange -> {
            byte[] body = "{\"AccessKeyId\":\"AKIDREVOKERTEST\",\"SecretAccessKey\":\"revoker-test-key\",\"Token\":\"revoker-test-token\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        credentialsEndpoint.start();

        ProcessBuilder script = new ProcessBuilder("bash", repo.resolve("coturn/otter-revoker.sh").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("revoker.out").toFile());
        script.environment().clear();
        script.environment().putAll(Map.of(
                "PATH", "/usr/bin:/bin",
                "OTTER_TURN_SECRET", secret,
                "OTTER_RELAY_REVOCATIONS_TABLE", TABLES.relayRevocations(),
                "OTTER_AWS_REGION", "eu-central-1",
                "OTTER_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + dynalite.port() + "/",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:" + credentialsEndpoint.getAddress().getPort() + "/v2/credentials/task",
                "OTTER_COTURN_CLI_PORT", Integer.toString(cliPort),
                "OTTER_REVOKE_INTERVAL_SECONDS", "1"));
        revokerScript = script.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (revokerScript != null) {
            revokerScript.descendants().forEach(ProcessHandle::destroy);
            revokerScript.destroy();
            revokerScript.waitFor(10, TimeUnit.SECONDS);
        }
        if (coturn != null) {
            coturn.destroy();
            coturn.waitFor(10, TimeUnit.SECONDS);
        }
        if (credentialsEndpoint != null) credentialsEndpoint.stop(0);
        if (dynamoDb != null) dynamoDb.close();
        if (dynalite != null) dynalite.close();
    }

    @Test
    void revokedParticipantsAndRooms_loseTheirRelays_andLaterRelaysOnOldCredentials_others_andExpiredRevocations_keepTheirs()
            throws Exception {
        String room = Ids.roomId();
        String otherRoom = Ids.roomId();
        String removed = Ids.peerId();
        String stays = Ids.peerId();
        String elsewhere = Ids.peerId();
        try (TurnAllocation.Held removedRelay = hold(room, removed);
             TurnAllocation.Held staysRelay = hold(room, stays);
             TurnAllocation.Held elsewhereRelay = hold(otherRoom, elsewhere)) {
            assertThat(List.of(removedRelay, staysRelay, elsewhereRelay)).doesNotContainNull();
            // A revocation DynamoDB has not deleted yet although its time is up: the revoker must ignore it.
            dynamoDb.putItem(r -> r.tableName(TABLES.relayRevocations()).item(Map.of(
                    Table.RELAY_REVOCATIONS.partitionKey(), AttributeValue.fromS(DynamoRelayRevoker.key(otherRoom, null)),
                    Table.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond() - 10)))));

            revoker.revoke(room, removed);

            awaitRelayEnded(removedRelay, "the removed participant's relay");
            assertThat(staysRelay.refresh()).as("another participant's relay in the same room").isTrue();
            // Credentials issued before the removal still open a relay (coturn checks only their expiry); the revoker
            // ends it too, for as long as the revocation lives.
            try (TurnAllocation.Held later = hold(room, removed)) {
                assertThat(later).as("a new relay on credentials issued before the removal").isNotNull();
                awaitRelayEnded(later, "a relay opened after the removal");
            }

            revoker.revoke(room, null);

            awaitRelayEnded(staysRelay, "a relay of the ended room");
            assertThat(elsewhereRelay.refresh()).as("a relay of a room whose revocation has expired").isTrue();
        }
        assertThat(Files.readString(dir.resolve("revoker.out"))).contains("ended 1 revoked relay session(s)");
    }

    private static TurnAllocation.Held hold(String roomId, String peerId) throws Exception {
        String username = (Instant.now().getEpochSecond() + 600) + ":" + roomId + ":" + peerId;
        return TurnAllocation.hold(turn, username, credentials.credential(username), ALLOCATE_WAIT);
    }

    /** Waits, within a generous bound, until the relay is no longer kept (a Refresh is refused or unanswered). */
    private static void awaitRelayEnded(TurnAllocation.Held relay, String what) throws Exception {
        long deadline = System.nanoTime() + RELAY_END_BOUND.toNanos();
        while (relay.refresh()) {
            assertThat(System.nanoTime()).as(what + " still refreshes after " + RELAY_END_BOUND + "; revoker: "
                    + Files.readString(dir.resolve("revoker.out"))).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The CLI password exactly as coturn/otter-common.sh derives it for the entrypoint and the revoker. */
    private static String cliPasswordAsTheImageDerivesIt(Path repo, String secret) throws Exception {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", ". \"$1\"; otter_cli_password", "bash",
                repo.resolve("coturn/otter-common.sh").toString());
        bash.environment().put("OTTER_TURN_SECRET", secret);
        Process process = bash.start();
        String password = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(password).matches("[0-9a-f]{64}");
        return password;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort()))) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // the UDP side of this port is in use; try another
            }
        }
        throw new IOException("no free port on 127.0.0.1 for both UDP and TCP");
    }
}
