package dev.otter.adapter.dynamodb;

import dev.otter.core.port.RoomStore;
import dev.otter.core.port.RoomStoreContract;
import dev.otter.testing.DynaliteServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The room-store contract on the DynamoDB adapter, over HTTP to dynalite. */
class DynamoRoomStoreTest extends RoomStoreContract {
    private static final TableNames TABLES = TableNames.withPrefix("contract-");
    private static DynamoDbClient client;
    private static RoomStore store;

    @BeforeAll
    static void start() {
        client = DynaliteServer.shared().client();
        OtterTables.createIfMissing(client, TABLES);
        store = new DynamoRoomStore(client, TABLES.rooms());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Override
    protected RoomStore store() {
        return store;
    }
}
