package dev.otter.lambda;

import dev.otter.adapter.dynamodb.DynamoApiKeyStore;
import dev.otter.adapter.dynamodb.DynamoMessageCounter;
import dev.otter.adapter.dynamodb.DynamoRoomStore;
import dev.otter.adapter.dynamodb.DynamoWebhookStore;
import dev.otter.adapter.http.HttpWebhookTransport;
import dev.otter.adapter.dynamodb.TableNames;
import dev.otter.core.ApiKeys;
import dev.otter.core.ResumeTokens;
import dev.otter.core.RoomTokens;
import dev.otter.core.TurnCredentials;
import dev.otter.core.TurnCredentials.TurnServer;
import dev.otter.core.budget.MessageBudget;
import dev.otter.core.port.MessageCounter;
import dev.otter.core.port.ApiKeyStore;
import dev.otter.core.port.PeerMessenger;
import dev.otter.core.port.RelayRevoker;
import dev.otter.core.port.RoomStore;
import dev.otter.core.port.WebhookQueue;
import dev.otter.core.port.WebhookStore;
import dev.otter.core.webhook.RetrySchedule;
import dev.otter.core.webhook.WebhookPublisher;
import dev.otter.core.webhook.WebhookSender;
import dev.otter.core.webhook.Webhooks;
import dev.otter.core.signaling.Notifier;
import dev.otter.core.signaling.RoomExpiry;
import dev.otter.core.signaling.SeatLifecycle;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Everything a handler is built from. On Lambda each handler's no-argument constructor gets one from the
 * environment ({@link LambdaServices}); tests and the local runner build one with {@link #builder()} and pass
 * it to the handler's {@code (OtterServices)} constructor:
 *
 * <pre>{@code
 * OtterServices services = OtterServices.builder()
 *         .dynamoDb(dynamoDbClient).tables(TableNames.withPrefix("otter-"))
 *         .peerMessenger(gateway)                        // posts to / closes local WebSockets
 *         .jwtSecret(jwtSecretBytes)                     // >= 32 bytes
 *         .turnSecret(turnSecret).turnHost("127.0.0.1").turnPort(3478)   // turnTlsHost/turnTlsPort optional
 *         .webAppUrl("http://127.0.0.1:8080")
 *         .clock(Clock.systemUTC())                      // the default
 *         .messageCounter(counter)                       // optional; default: the message-budgets table
 *         .webhookQueue(queue)                           // optional; default: no webhooks are sent
 *         .build();
 * OtterTables.createIfMissing(dynamoDbClient, tables);
 * String firstApiKey = services.apiKeys().createKey();
 * var createRoom = new CreateRoomHandler(services);
 * }</pre>
 *
 * Every part is built on first use, so a handler needs only what it uses; asking for a part that was not set
 * fails with an {@link IllegalStateException} naming it, when the handler is constructed.
 */
public final class OtterServices {
    public static final int DEFAULT_TURN_PORT = 3478;
    public static final int DEFAULT_TURN_TLS_PORT = 443;

    private final Clock clock;
    private final Lazy<RoomStore> roomStore;
    private final Lazy<ApiKeyStore> apiKeyStore;
    private final Lazy<MessageCounter> messageCounter;
    private final Lazy<PeerMessenger> peerMessenger;
    private final Lazy<RoomTokens> roomTokens;
    private final Lazy<ResumeTokens> resumeTokens;
    private final Lazy<TurnCredentials> turnCredentials;
    private final Lazy<String> webAppUrl;
    private final Lazy<RelayRevoker> relayRevoker;
    private final Lazy<WebhookStore> webhookStore;
    private final Lazy<WebhookPublisher> webhookPublisher;
    private final Lazy<WebhookQueue> webhookQueue;
    private final Webhooks.UrlPolicy webhookUrls;
    private final RetrySchedule webhookRetries;

    private OtterServices(Builder b) {
        this.clock = b.clock;
        this.relayRevoker = Lazy.of(b.relayRevoker);
        this.webhookStore = Lazy.of(() -> new DynamoWebhookStore(b.dynamoDb.get(), b.webhooksTable.get()));
        this.webhookQueue = Lazy.of(b.webhookQueue != null ? b.webhookQueue : Lazy.missing("webhookQueue"));
        this.webhookPublisher = Lazy.of(() -> b.webhookQueue == null ? WebhookPublisher.NONE : new WebhookPublisher(webhookQueue.get()));
        this.webhookUrls = b.webhookUrls;
        this.webhookRetries = b.webhookRetries;
        this.roomStore = Lazy.of(() -> new DynamoRoomStore(b.dynamoDb.get(), b.roomsTable.get()));
        this.apiKeyStore = Lazy.of(() -> new DynamoApiKeyStore(b.dynamoDb.get(), b.apiKeysTable.get()));
        Supplier<MessageCounter> storedCounter = () -> new DynamoMessageCounter(b.dynamoDb.get(), b.messageBudgetsTable.get());
        this.messageCounter = Lazy.of(b.messageCounter != null ? b.messageCounter : storedCounter);
        this.peerMessenger = Lazy.of(b.peerMessenger);
        this.roomTokens = Lazy.of(() -> new RoomTokens(b.jwtSecret.get(), b.clock));
        this.resumeTokens = Lazy.of(() -> new ResumeTokens(b.jwtSecret.get(), b.clock));
        this.turnCredentials = Lazy.of(() -> b.withoutTurn ? TurnCredentials.none(b.clock)
                : new TurnCredentials(b.turnSecret.get(), b.turnServer.get(), b.clock));
        this.webAppUrl = Lazy.of(() -> stripTrailingSlash(b.webAppUrl.get()));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Clock clock() { return clock; }
    public RoomStore roomStore() { return roomStore.get(); }
    /** The seat lifecycle over {@link #roomStore()}. */
    public SeatLifecycle seats() { return new SeatLifecycle(roomStore(), this::resumeTokens, clock); }
    /**
     * Carries out the lifecycle's outcomes through {@link #peerMessenger()}; its relay revoker is built only if an
     * outcome revokes relays (the handlers that remove or end use {@link #revokingNotifier()}).
     */
    public Notifier notifier() {
        return new Notifier(peerMessenger(), seats(), (roomId, peerId) -> relayRevoker.get().revoke(roomId, peerId),
                webhookPublisher());
    }
    /**
     * The same, with its relay revoker built now: for the handlers whose outcomes end relays (remove, end), so that a
     * missing configuration fails when the handler is built, not at the first removal.
     */
    public Notifier revokingNotifier() {
        return new Notifier(peerMessenger(), seats(), relayRevoker.get(), webhookPublisher());
    }
    /** Ends the rooms whose time ran out, telling everyone in them and the developer's endpoints. */
    public RoomExpiry roomExpiry() { return new RoomExpiry(roomStore(), seats(), revokingNotifier(), clock); }
    /** Hands webhook events to {@link Builder#webhookQueue}; drops them when no queue was set. */
    public WebhookPublisher webhookPublisher() { return webhookPublisher.get(); }
    public WebhookStore webhookStore() { return webhookStore.get(); }
    /** The deployment's webhook endpoints and dead letters. */
    public Webhooks webhooks() { return new Webhooks(webhookStore(), webhookUrls, clock); }
    /** Delivers what the webhook queue holds, re-queueing retries on it. */
    public WebhookSender webhookSender() {
        return new WebhookSender(webhookStore(), webhookQueue.get(), new HttpWebhookTransport(), webhookRetries, clock);
    }
    public ApiKeyStore apiKeyStore() { return apiKeyStore.get(); }
    /** Every WebSocket connection's message budget, counted by {@link Builder#messageCounter}. */
    public MessageBudget messageBudget() { return new MessageBudget(messageCounter.get(), clock); }
    public PeerMessenger peerMessenger() { return peerMessenger.get(); }
    public RoomTokens roomTokens() { return roomTokens.get(); }
    public ResumeTokens resumeTokens() { return resumeTokens.get(); }
    public TurnCredentials turnCredentials() { return turnCredentials.get(); }
    /** The web app's origin without a trailing slash; room links are built on it. */
    public String webAppUrl() { return webAppUrl.get(); }

    /** API keys over {@link #apiKeyStore()}: {@code createKey()} bootstraps a deployment's first key. */
    public ApiKeys apiKeys() {
        return new ApiKeys(apiKeyStore(), clock);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Supplier<RelayRevoker> relayRevoker = () -> RelayRevoker.NONE;
        private boolean withoutTurn;
        private Supplier<DynamoDbClient> dynamoDb = Lazy.missing("dynamoDb");
        private Supplier<String> roomsTable = Lazy.missing("tables");
        private Supplier<String> apiKeysTable = Lazy.missing("tables");
        private Supplier<String> messageBudgetsTable = Lazy.missing("tables");
        private Supplier<String> webhooksTable = Lazy.missing("tables");
        private Supplier<WebhookQueue> webhookQueue;
        private Webhooks.UrlPolicy webhookUrls = Webhooks.UrlPolicy.HTTPS;
        private RetrySchedule webhookRetries = RetrySchedule.DEFAULT;
        private Supplier<MessageCounter> messageCounter;
        private Supplier<PeerMessenger> peerMessenger = Lazy.missing("peerMessenger");
        private Supplier<byte[]> jwtSecret = Lazy.missing("jwtSecret");
        /** Built when TurnCredentials is (with the handler); what it returns is asked on the first issue. */
        private Supplier<Supplier<String>> turnSecret = Lazy.missing("turnSecret");
        private Supplier<TurnServer> turnServer = Lazy.missing("turnHost");
        private Supplier<String> webAppUrl = Lazy.missing("webAppUrl");
        private String turnHost;
        private int turnPort = DEFAULT_TURN_PORT;
        private String turnTlsHost;
        private int turnTlsPort = DEFAULT_TURN_TLS_PORT;

        private Builder() {}

        public Builder dynamoDb(DynamoDbClient client) { return dynamoDb(() -> client); }
        public Builder tables(TableNames names) {
            return roomsTable(names::rooms).apiKeysTable(names::apiKeys).messageBudgetsTable(names::messageBudgets)
                    .webhooksTable(names::webhooks);
        }
        /** Where handlers hand webhook events and the sender re-queues retries; unset, no webhook is sent. */
        public Builder webhookQueue(WebhookQueue queue) { return webhookQueue(() -> queue); }
        /** Which endpoint URLs registration accepts; default https only. */
        public Builder webhookUrls(Webhooks.UrlPolicy policy) { this.webhookUrls = policy; return this; }
        /** When failed deliveries are tried again; default {@link RetrySchedule#DEFAULT} (a day). */
        public Builder webhookRetries(RetrySchedule schedule) { this.webhookRetries = schedule; return this; }
        /**
         * Where message budgets are counted. Default: the message-budgets table, which is exact however many
         * instances serve a connection (one UpdateItem per message); one process serving every connection (the
         * local runner) counts in memory instead, at no request.
         */
        public Builder messageCounter(MessageCounter counter) { this.messageCounter = () -> counter; return this; }
        public Builder peerMessenger(PeerMessenger messenger) { return peerMessenger(() -> messenger); }
        /** Ends the relays of removed participants and ended rooms; default {@link RelayRevoker#NONE}. */
        public Builder relayRevoker(RelayRevoker revoker) { return relayRevokerFrom(() -> revoker); }
        /** The room-token signing secret, at least 32 bytes; resume tokens use a key derived from it. */
        public Builder jwtSecret(byte[] secret) {
            byte[] copy = secret.clone();
            return jwtSecret(() -> copy);
        }
        /** coturn's {@code static-auth-secret}. */
        public Builder turnSecret(String secret) { return turnSecretFrom(() -> () -> secret); }
        /** Host for {@code stun:}/{@code turn:} URLs (default port 3478). */
        public Builder turnHost(String host) { this.turnHost = host; return fixedTurnServer(); }
        public Builder turnPort(int port) { this.turnPort = port; return fixedTurnServer(); }
        /** Host for the {@code turns:} URL; leave unset when there is no TLS listener. */
        public Builder turnTlsHost(String host) { this.turnTlsHost = host; return fixedTurnServer(); }
        public Builder turnTlsPort(int port) { this.turnTlsPort = port; return fixedTurnServer(); }
        /** No TURN server at all: {@code GET /credentials} answers an empty {@code iceServers} list. */
        public Builder withoutTurn() { this.withoutTurn = true; return this; }
        public Builder webAppUrl(String url) { return webAppUrl(() -> url); }
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        Builder dynamoDb(Supplier<DynamoDbClient> supplier) { this.dynamoDb = supplier; return this; }
        Builder roomsTable(Supplier<String> supplier) { this.roomsTable = supplier; return this; }
        Builder apiKeysTable(Supplier<String> supplier) { this.apiKeysTable = supplier; return this; }
        Builder messageBudgetsTable(Supplier<String> supplier) { this.messageBudgetsTable = supplier; return this; }
        Builder webhooksTable(Supplier<String> supplier) { this.webhooksTable = supplier; return this; }
        Builder webhookQueue(Supplier<WebhookQueue> supplier) { this.webhookQueue = supplier; return this; }
        Builder peerMessenger(Supplier<PeerMessenger> supplier) { this.peerMessenger = supplier; return this; }
        Builder jwtSecret(Supplier<byte[]> supplier) { this.jwtSecret = supplier; return this; }
        Builder relayRevokerFrom(Supplier<RelayRevoker> supplier) { this.relayRevoker = supplier; return this; }
        Builder turnSecretFrom(Supplier<Supplier<String>> supplier) { this.turnSecret = supplier; return this; }
        Builder turnServer(Supplier<TurnServer> supplier) { this.turnServer = supplier; return this; }
        Builder webAppUrl(Supplier<String> supplier) { this.webAppUrl = supplier; return this; }

        private Builder fixedTurnServer() {
            return turnServer(() -> new TurnServer(turnHost, turnPort, turnTlsHost, turnTlsPort));
        }

        public OtterServices build() {
            return new OtterServices(this);
        }
    }
}
