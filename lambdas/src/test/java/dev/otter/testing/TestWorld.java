package dev.otter.testing;

import dev.otter.adapter.dynamodb.OtterTables;
import dev.otter.adapter.dynamodb.TableNames;
import dev.otter.core.RoomOptions;
import dev.otter.core.Rooms;
import dev.otter.lambda.OtterServices;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Otter's tables on dynalite (one process per test JVM, see {@link DynaliteServer#shared()}), a recording
 * messenger and a hand-moved clock; start one per test class. Rooms get fresh random ids, so tests in a class do not see each other's data.
 */
public final class TestWorld implements AutoCloseable {
    /** Test-only values; a deployment's come from Secrets Manager or generated local files. */
    public static final byte[] JWT_SECRET = "test-only-room-token-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    public static final String TURN_SECRET = "coturn-static-auth-secret";
    public static final String WEB_APP_URL = "https://calls.example.test";
    /**
     * The test clock starts at the real "now" (whole seconds, as stored): rooms and keys get TTLs and expiries
     * that the storage engine and token checks compare against the real clock, so a fixed date would age out.
     */
    public static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    public final DynamoDbClient dynamoDb;
    public final TableNames tables;
    public final RecordingMessenger messenger = new RecordingMessenger();
    public final MutableClock clock = new MutableClock(START);
    /** What the handlers handed to the webhook queue. */
    public final RecordingWebhookQueue webhooks = new RecordingWebhookQueue();
    public final OtterServices services;
    private final boolean ownsClient;

    private TestWorld(boolean ownsClient, DynamoDbClient dynamoDb) {
        this(ownsClient, dynamoDb, "otter-test-");
    }

    private TestWorld(boolean ownsClient, DynamoDbClient dynamoDb, String tablePrefix) {
        this.ownsClient = ownsClient;
        this.tables = TableNames.withPrefix(tablePrefix);
        this.dynamoDb = dynamoDb;
        OtterTables.createIfMissing(dynamoDb, tables);
        this.services = OtterServices.builder()
                .dynamoDb(dynamoDb).tables(tables).peerMessenger(messenger)
                .jwtSecret(JWT_SECRET).turnSecret(TURN_SECRET).turnHost("turn.example.test").turnTlsHost("turns.example.test")
                .webAppUrl(WEB_APP_URL + "/").clock(clock)
                .webhookQueue(webhooks)
                .build();
    }

    /** On the test JVM's shared dynalite. */
    public static TestWorld embedded() {
        return new TestWorld(true, DynaliteServer.shared().client());
    }

    /**
     * On the shared dynalite, with tables of its own (prefix {@code tablePrefix}): for a test that must see every
     * item of a table, e.g. all API keys, without the other tests' items.
     */
    public static TestWorld embeddedWithOwnTables(String tablePrefix) {
        return new TestWorld(true, DynaliteServer.shared().client(), tablePrefix);
    }

    /** Over a client the test built itself (e.g. one with an interceptor); the caller owns its server. */
    public static TestWorld over(DynamoDbClient client) {
        return new TestWorld(false, client);
    }

    public Rooms.CreatedRoom createRoom(int maxParticipants) {
        return new Rooms(services.roomStore(), clock).create(new RoomOptions(maxParticipants, 48, "Test room", false), services.roomTokens());
    }

    /** A room whose guests wait in the lobby until a host admits them. */
    public Rooms.CreatedRoom createLobbyRoom(int maxParticipants) {
        return new Rooms(services.roomStore(), clock).create(
                new RoomOptions(maxParticipants, 48, "Lobby room", false, true, java.util.List.of()), services.roomTokens());
    }

    @Override
    public void close() {
        if (ownsClient) dynamoDb.close();
    }
}
