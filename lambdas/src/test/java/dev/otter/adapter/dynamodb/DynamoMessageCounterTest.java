package dev.otter.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.OtterFunction.Table;
import dev.otter.core.port.MessageCounter;
import dev.otter.core.port.MessageCounterContract;
import dev.otter.testing.DynaliteServer;
import dev.otter.testing.RequestCounter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The message-counter contract on the DynamoDB adapter, over HTTP to dynalite; and what one count costs. */
class DynamoMessageCounterTest extends MessageCounterContract {
    private static final TableNames TABLES = TableNames.withPrefix("contract-");
    private static final RequestCounter requests = new RequestCounter();
    private static DynamoDbClient client;
    private static MessageCounter counter;

    @BeforeAll
    static void start() {
        client = DynaliteServer.shared().client(requests);
        OtterTables.createIfMissing(client, TABLES);
        counter = new DynamoMessageCounter(client, TABLES.messageBudgets());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Override
    protected MessageCounter counter() {
        return counter;
    }

    @Test
    void aCount_isOneUpdateItem_onASmallItemThatExpires() {
        String connection = "budget-cost-" + System.nanoTime();
        counter.add(connection, WINDOW, FORGET_AFTER);
        counter.add(connection, WINDOW + 1, FORGET_AFTER);

        requests.reset();
        counter.add(connection, WINDOW + 2, FORGET_AFTER);

        assertThat(requests.counts()).isEqualTo(Map.of("UpdateItem", 1));
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(TABLES.messageBudgets())
                .key(Map.of(Table.MESSAGE_BUDGETS.partitionKey(), AttributeValue.fromS(connection)))).item();
        // The window two back is gone; the TTL lets DynamoDB delete the item once nobody reads it.
        assertThat(item.keySet()).containsExactlyInAnyOrder(Table.MESSAGE_BUDGETS.partitionKey(), Table.TTL_ATTRIBUTE,
                "w" + (WINDOW + 1), "w" + (WINDOW + 2));
        assertThat(Long.parseLong(item.get(Table.TTL_ATTRIBUTE).n())).isGreaterThan(FORGET_AFTER.getEpochSecond());
    }
}
