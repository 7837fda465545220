package dev.otter.config;

import java.util.Map;
import java.util.Set;

/**
 * Every deployable handler with what it needs from its environment. The CDK function factory creates
 * one Lambda per entry, sets exactly {@link #environment()} and grants exactly {@link #tables()};
 * a handler test checks each handler reads no variable outside its entry.
 */
public enum OtterFunction {
    CONNECT_AUTHORIZER("dev.otter.lambda.ws.ConnectAuthorizer",
            Set.of(OtterEnv.JWT_SECRET_ARN), Map.of()),
    CONNECT("dev.otter.lambda.ws.ConnectHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT, OtterEnv.WEBHOOK_QUEUE_URL),
            Map.of(Table.ROOMS, Access.READ_WRITE)),
    /** Counts every message against its connection's budget in the message-budgets table (one UpdateItem). */
    MESSAGE("dev.otter.lambda.ws.MessageHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.MESSAGE_BUDGETS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT,
                    OtterEnv.JWT_SECRET_ARN, OtterEnv.WEBHOOK_QUEUE_URL),
            Map.of(Table.ROOMS, Access.READ_WRITE, Table.MESSAGE_BUDGETS, Access.READ_WRITE)),
    DISCONNECT("dev.otter.lambda.ws.DisconnectHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT, OtterEnv.WEBHOOK_QUEUE_URL),
            Map.of(Table.ROOMS, Access.READ_WRITE)),
    API_KEY_AUTHORIZER("dev.otter.lambda.http.ApiKeyAuthorizer",
            Set.of(OtterEnv.API_KEYS_TABLE), Map.of(Table.API_KEYS, Access.READ)),
    ROOM_TOKEN_AUTHORIZER("dev.otter.lambda.http.RoomTokenAuthorizer",
            Set.of(OtterEnv.JWT_SECRET_ARN), Map.of()),
    CREATE_ROOM("dev.otter.lambda.http.CreateRoomHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WEB_APP_URL, OtterEnv.JWT_SECRET_ARN, OtterEnv.WEBHOOK_QUEUE_URL),
            Map.of(Table.ROOMS, Access.READ_WRITE)),
    GET_ROOM("dev.otter.lambda.http.GetRoomHandler",
            Set.of(OtterEnv.ROOMS_TABLE), Map.of(Table.ROOMS, Access.READ)),
    /** Reads the JWT secret too: the seat proof it checks is a resume token, keyed from it (ResumeTokens). */
    CREDENTIALS("dev.otter.lambda.http.CredentialsHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.TURN_SECRET_ARN, OtterEnv.TURN_HOST, OtterEnv.TURN_TLS_HOST,
                    OtterEnv.JWT_SECRET_ARN),
            Map.of(Table.ROOMS, Access.READ)),
    DEVELOPER_ROOMS("dev.otter.lambda.http.DeveloperRoomsHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT, OtterEnv.WEBHOOK_QUEUE_URL),
            Map.of(Table.ROOMS, Access.READ_WRITE)),
    ROTATE_API_KEY("dev.otter.lambda.http.RotateApiKeyHandler",
            Set.of(OtterEnv.API_KEYS_TABLE), Map.of(Table.API_KEYS, Access.READ_WRITE)),
    /** Lists keys and revokes one: revocation writes, so read-write like rotation; no access to rooms. */
    API_KEYS("dev.otter.lambda.http.ApiKeysHandler",
            Set.of(OtterEnv.API_KEYS_TABLE), Map.of(Table.API_KEYS, Access.READ_WRITE)),
    /** Registers, lists and deletes webhook endpoints and lists the dead letters; sends nothing. */
    WEBHOOKS("dev.otter.lambda.http.WebhooksHandler",
            Set.of(OtterEnv.WEBHOOKS_TABLE), Map.of(Table.WEBHOOKS, Access.READ_WRITE)),
    /**
     * Consumes the webhook queue (no route): signs and delivers each event to every endpoint, re-queues a failed
     * delivery with its backoff (so it sends to the queue too) and records one given up on in the dead letters.
     */
    WEBHOOK_SENDER("dev.otter.lambda.webhook.WebhookSenderHandler",
            Set.of(OtterEnv.WEBHOOKS_TABLE, OtterEnv.WEBHOOK_QUEUE_URL), Map.of(Table.WEBHOOKS, Access.READ_WRITE));

    /**
     * The tables and their key schemas, which the DynamoDB adapters and the CDK tables both use. A room is one
     * item holding its seats (peer id to connection, state, name, role): every seat change is one conditional
     * UpdateItem of that item, and a relayed signal is one consistent GetItem of the sender's own room, so a
     * message can never cross rooms.
     */
    public enum Table {
        ROOMS(OtterEnv.ROOMS_TABLE, "roomId", null),
        API_KEYS(OtterEnv.API_KEYS_TABLE, "keyHash", null),
        /** One small item per sender (room and peer id): its message counts per window (see MessageBudget). */
        MESSAGE_BUDGETS(OtterEnv.MESSAGE_BUDGETS_TABLE, "sender", null),
        /**
         * Webhook endpoints ({@code kind = endpoint}) and dead letters ({@code kind = dead-letter}), each kind read
         * with one Query; a dead letter's id starts with the time it was given up on, so they list in order.
         */
        WEBHOOKS(OtterEnv.WEBHOOKS_TABLE, "kind", "id");

        /** Epoch-seconds attribute DynamoDB's TTL deletes expired items by, on every table. */
        public static final String TTL_ATTRIBUTE = "ttl";

        private final String envName;
        private final String partitionKey;
        private final String sortKey;

        Table(String envName, String partitionKey, String sortKey) {
            this.envName = envName;
            this.partitionKey = partitionKey;
            this.sortKey = sortKey;
        }

        public String envName() {
            return envName;
        }

        /** A string attribute. */
        public String partitionKey() {
            return partitionKey;
        }

        /** A string attribute, or {@code null} for a table with a partition key only. */
        public String sortKey() {
            return sortKey;
        }
    }

    public enum Access { READ, READ_WRITE }

    private final String handlerClass;
    private final Set<String> environment;
    private final Map<Table, Access> tables;

    OtterFunction(String handlerClass, Set<String> environment, Map<Table, Access> tables) {
        this.handlerClass = handlerClass;
        this.environment = environment;
        this.tables = tables;
    }

    /** Fully qualified class name; the Lambda handler string is {@code handlerClass + "::handleRequest"}. */
    public String handlerClass() {
        return handlerClass;
    }

    /** Variables the handler may read (a variable marked optional in {@link OtterEnv} may be left unset). */
    public Set<String> environment() {
        return environment;
    }

    public Map<Table, Access> tables() {
        return tables;
    }

    /** Whether the function posts to or deletes WebSocket connections (execute-api:ManageConnections). */
    public boolean managesConnections() {
        return environment.contains(OtterEnv.WS_MANAGEMENT_ENDPOINT);
    }

    /** Whether the function sends to the webhook queue (sqs:SendMessage on that queue only). */
    public boolean sendsWebhooks() {
        return environment.contains(OtterEnv.WEBHOOK_QUEUE_URL);
    }

    public Set<String> secretArnVariables() {
        return Set.copyOf(environment.stream().filter(name -> name.endsWith("_SECRET_ARN")).toList());
    }
}
