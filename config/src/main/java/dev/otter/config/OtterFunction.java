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
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT),
            Map.of(Table.ROOMS, Access.READ_WRITE)),
    /** Counts every message against its connection's budget in the message-budgets table (one UpdateItem). */
    MESSAGE("dev.otter.lambda.ws.MessageHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.MESSAGE_BUDGETS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT,
                    OtterEnv.JWT_SECRET_ARN),
            Map.of(Table.ROOMS, Access.READ_WRITE, Table.MESSAGE_BUDGETS, Access.READ_WRITE)),
    DISCONNECT("dev.otter.lambda.ws.DisconnectHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT),
            Map.of(Table.ROOMS, Access.READ_WRITE)),
    API_KEY_AUTHORIZER("dev.otter.lambda.http.ApiKeyAuthorizer",
            Set.of(OtterEnv.API_KEYS_TABLE), Map.of(Table.API_KEYS, Access.READ)),
    ROOM_TOKEN_AUTHORIZER("dev.otter.lambda.http.RoomTokenAuthorizer",
            Set.of(OtterEnv.JWT_SECRET_ARN), Map.of()),
    CREATE_ROOM("dev.otter.lambda.http.CreateRoomHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WEB_APP_URL, OtterEnv.JWT_SECRET_ARN),
            Map.of(Table.ROOMS, Access.READ_WRITE)),
    GET_ROOM("dev.otter.lambda.http.GetRoomHandler",
            Set.of(OtterEnv.ROOMS_TABLE), Map.of(Table.ROOMS, Access.READ)),
    /** Reads the JWT secret too: the seat proof it checks is a resume token, keyed from it (ResumeTokens). */
    CREDENTIALS("dev.otter.lambda.http.CredentialsHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.TURN_SECRET_ARN, OtterEnv.TURN_HOST, OtterEnv.TURN_TLS_HOST,
                    OtterEnv.JWT_SECRET_ARN),
            Map.of(Table.ROOMS, Access.READ)),
    /** Lists rooms by a Query on {@link Table#ROOMS_BY_CREATION}; a changed expiry gets new links (so the JWT secret). */
    DEVELOPER_ROOMS("dev.otter.lambda.http.DeveloperRoomsHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT, OtterEnv.JWT_SECRET_ARN, OtterEnv.WEB_APP_URL),
            Map.of(Table.ROOMS, Access.READ_WRITE), Set.of(Index.ROOMS_BY_CREATION)),
    ROTATE_API_KEY("dev.otter.lambda.http.RotateApiKeyHandler",
            Set.of(OtterEnv.API_KEYS_TABLE), Map.of(Table.API_KEYS, Access.READ_WRITE)),
    /** Lists keys and revokes one: revocation writes, so read-write like rotation; no access to rooms. */
    API_KEYS("dev.otter.lambda.http.ApiKeysHandler",
            Set.of(OtterEnv.API_KEYS_TABLE), Map.of(Table.API_KEYS, Access.READ_WRITE)),
    /** Per-person links: signs their tokens, and a revocation disconnects the link's holders. */
    ROOM_LINKS("dev.otter.lambda.http.RoomLinksHandler",
            Set.of(OtterEnv.ROOMS_TABLE, OtterEnv.WS_MANAGEMENT_ENDPOINT, OtterEnv.JWT_SECRET_ARN, OtterEnv.WEB_APP_URL),
            Map.of(Table.ROOMS, Access.READ_WRITE));

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
        MESSAGE_BUDGETS(OtterEnv.MESSAGE_BUDGETS_TABLE, "sender", null);

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

    public enum Access { READ, READ_WRITE }

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

    public Set<String> secretArnVariables() {
        return Set.copyOf(environment.stream().filter(name -> name.endsWith("_SECRET_ARN")).toList());
    }
}
