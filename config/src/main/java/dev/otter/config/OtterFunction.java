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
    /**
     * Counts every message against its connection's budget in the message-budgets table (one UpdateItem). Reads the
     * TURN secret too: each {@code joined} carries the seat's TURN credentials, so a client starts without asking.
     */
    MESSAGE("dev.otter.lambda.ws.MessageHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.MESSAGE_BUDGETS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT,
                    OtterEnv.JWT_SECRET_ARN, OtterEnv.TURN_SECRET_ARN, OtterEnv.TURN_HOST, OtterEnv.TURN_TLS_HOST,
                    OtterEnv.RELAY_REVOCATIONS_TABLE, OtterEnv.WEBHOOK_QUEUE_URL),
            Map.of(Table.ROOMS, Access.READ_WRITE, Table.MESSAGE_BUDGETS, Access.READ_WRITE,
                    Table.RELAY_REVOCATIONS, Access.PUT)),
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
    /**
     * Lists rooms by a Query on {@link Table#ROOMS_BY_CREATION}; a changed expiry gets new links (so the JWT secret);
     * ends rooms ({@code DELETE /rooms/{id}}), so it revokes their relays like a host's {@code end}.
     */
    DEVELOPER_ROOMS("dev.otter.lambda.http.DeveloperRoomsHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT, OtterEnv.JWT_SECRET_ARN, OtterEnv.WEB_APP_URL,
                    OtterEnv.RELAY_REVOCATIONS_TABLE, OtterEnv.WEBHOOK_QUEUE_URL),
            Map.of(Table.ROOMS, Access.READ_WRITE, Table.RELAY_REVOCATIONS, Access.PUT), Set.of(Index.ROOMS_BY_CREATION)),
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
            Set.of(OtterEnv.WEBHOOKS_TABLE, OtterEnv.WEBHOOK_QUEUE_URL), Map.of(Table.WEBHOOKS, Access.READ_WRITE)),
    /** Per-person links: signs their tokens, and a revocation disconnects the link's holders and ends their relays. */
    ROOM_LINKS("dev.otter.lambda.http.RoomLinksHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT, OtterEnv.JWT_SECRET_ARN, OtterEnv.WEB_APP_URL,
                    OtterEnv.RELAY_REVOCATIONS_TABLE, OtterEnv.WEBHOOK_QUEUE_URL),
            Map.of(Table.ROOMS, Access.READ_WRITE, Table.RELAY_REVOCATIONS, Access.PUT)),
    /**
     * Run every minute by a schedule (no route): lists recent rooms by a Query on {@link Index#ROOMS_BY_CREATION} and
     * ends each one past its expiry (one conditional UpdateItem), so it disconnects who is left, revokes the room's
     * relays and queues {@code room.ended} (reason {@code expired}).
     */
    ROOM_EXPIRY("dev.otter.lambda.schedule.RoomExpiryHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT, OtterEnv.RELAY_REVOCATIONS_TABLE,
                    OtterEnv.WEBHOOK_QUEUE_URL),
            Map.of(Table.ROOMS, Access.READ_WRITE, Table.RELAY_REVOCATIONS, Access.PUT), Set.of(Index.ROOMS_BY_CREATION));

    /**
     * The tables and their key schemas, which the DynamoDB adapters and the CDK tables both use. A room is one
     * item holding its seats (peer id to connection, state, name, role): every seat change is one conditional
     * UpdateItem of that item, and a relayed signal is one consistent GetItem of the sender's own room, so a
     * message can never cross rooms.
     */
    public enum Table {
        ROOMS(OtterEnv.ROOMS_TABLE, "roomId", null, Index.ROOMS_BY_CREATION),
        API_KEYS(OtterEnv.API_KEYS_TABLE, "keyHash", null),
        /** One small item per sender (room and peer id): its message counts per window (see MessageBudget). */
        MESSAGE_BUDGETS(OtterEnv.MESSAGE_BUDGETS_TABLE, "sender", null),
        /**
         * One item per revocation: {@code relay} is {@code <roomId>} (a whole room) or {@code <roomId>:<peerId>}, and
         * {@code ttl} outlasts every TURN credential issued before it. Written by the functions that remove and end,
         * read (one Scan every few seconds) by each TURN task's revoker (coturn/otter-revoker.sh).
         */
        RELAY_REVOCATIONS(OtterEnv.RELAY_REVOCATIONS_TABLE, "relay", null),
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
        private final java.util.List<Index> indexes;

        Table(String envName, String partitionKey, String sortKey, Index... indexes) {
            this.envName = envName;
            this.partitionKey = partitionKey;
            this.sortKey = sortKey;
            this.indexes = java.util.List.of(indexes);
        }

        /** The table's global secondary indexes. */
        public java.util.List<Index> indexes() {
            return indexes;
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

    /** {@code PUT}: writes whole items and reads nothing (a revocation is written, never read back by a function). */
    public enum Access { READ, READ_WRITE, PUT }

    /**
     * A global secondary index: a string partition key, a number sort key, and the attributes it copies besides the keys
     * (only what a listing shows, so that a seat change, which touches none of them, costs the index no write).
     */
    public record Index(String name, String partitionKey, String sortKey, java.util.List<String> projected) {
        /**
         * The deployment's rooms by creation time ({@code GET /rooms}): every room item carries {@code listing = "room"},
         * so one Query pages through them newest first. One partition suits the 2–8 person rooms Otter is for (a GSI
         * partition takes 1,000 writes a second and only room creation, changes and ends write to it).
         */
        public static final Index ROOMS_BY_CREATION = new Index("roomsByCreation", "listing", "createdAt",
                java.util.List.of("name", "expiresAt", "ended", "maxParticipants"));
    }

    private final String handlerClass;
    private final Set<String> environment;
    private final Map<Table, Access> tables;
    private final Set<Index> indexes;

    OtterFunction(String handlerClass, Set<String> environment, Map<Table, Access> tables) {
        this(handlerClass, environment, tables, Set.of());
    }

    OtterFunction(String handlerClass, Set<String> environment, Map<Table, Access> tables, Set<Index> indexes) {
        this.handlerClass = handlerClass;
        this.environment = environment;
        this.tables = tables;
        this.indexes = indexes;
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

    /** The indexes (of its tables) the handler queries; it may query no other. */
    public Set<Index> indexes() {
        return indexes;
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
