package dev.otter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otter.adapter.dynamodb.OtterTables;
import dev.otter.adapter.dynamodb.TableNames;
import dev.otter.adapter.memory.InProcessMessageCounter;
import dev.otter.config.DeploymentCapacity;
import dev.otter.config.WebAppPolicy;
import dev.otter.core.webhook.Webhooks;
import dev.otter.lambda.OtterServices;
import dev.otter.local.data.DataDirectory;
import dev.otter.local.data.LocalDynamoDb;
import dev.otter.local.gateway.ConnectThrottle;
import dev.otter.local.gateway.GatewayErrorHandler;
import dev.otter.local.gateway.HttpGateway;
import dev.otter.local.gateway.LiveConnections;
import dev.otter.local.gateway.ManagementApi;
import dev.otter.local.gateway.WebSocketGateway;
import dev.otter.local.turn.Coturn;
import dev.otter.local.web.StaticSite;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The whole of Otter on one machine: dynalite and coturn as supervised child processes, and one Jetty port
 * for the HTTP API ({@code /api}), the WebSocket API ({@code /ws}), the management API and the web app.
 * {@link #close()} stops everything it started, in an order that lets {@code $disconnect} finish its writes.
 */
public final class LocalOtter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalOtter.class.getName());
    public static final String API_PATH = "/api";
    /** How often the runner ends the rooms whose time ran out (a minute on AWS; shorter here, costing nothing). */
    public static final Duration ROOM_EXPIRY_INTERVAL = Duration.ofSeconds(5);
    public static final String WS_PATH = "/ws";
    public static final TableNames TABLES = TableNames.withPrefix("otter-");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataDirectory data;
    private final LocalDynamoDb dynamo;
    private final Optional<Coturn> coturn;
    private final String turnStatus;
    private final Server server;
    private final WebSocketUpgradeHandler upgradeHandler;
    private final LiveConnections connections;
    private final ScheduledExecutorService scheduler;
    private final OtterServices services;
    private final boolean webAppAvailable;
    private final Path webDir;
    private LocalEndpoints endpoints;

    private LocalOtter(Builder parts) {
        this.data = parts.data;
        this.dynamo = parts.dynamo;
        this.coturn = parts.coturn;
        this.turnStatus = parts.turnStatus;
        this.server = parts.server;
        this.upgradeHandler = parts.upgradeHandler;
        this.connections = parts.connections;
        this.scheduler = parts.scheduler;
        this.services = parts.services;
        this.webAppAvailable = parts.webAppAvailable;
        this.webDir = parts.webDir;
    }

    /** Starts everything; on any failure stops what was already started and rethrows. */
    public static LocalOtter start(LocalSettings settings) throws Exception {
        Builder parts = new Builder();
        try {
            parts.data = DataDirectory.open(settings.dataDir());
            byte[] jwtSecret = parts.data.secret(DataDirectory.JWT_SECRET, 32);
            String turnSecret = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(parts.data.secret(DataDirectory.TURN_SECRET, 32));

            parts.dynamo = LocalDynamoDb.start(settings.dynaliteDir(), parts.data.root());
            OtterTables.createIfMissing(parts.dynamo.client(), TABLES);

            parts.coturn = startCoturn(settings, parts.data, turnSecret, parts);
            parts.turnStatus = parts.coturn.map(c -> "coturn on 127.0.0.1:" + c.port()
                    + c.tlsPort().map(tls -> " (TLS on " + tls + ", self-signed)").orElse("")).orElse(parts.turnStatus);

            parts.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "otter-timers");
                thread.setDaemon(true);
                return thread;
            });
            QueuedThreadPool threads = new QueuedThreadPool(64, 4);
            threads.setName("otter-local");
            parts.server = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            // Jetty reuses header values seen earlier on a keep-alive connection, by default matching them
            // case-insensitively: a case-flipped (invalid) token would then arrive as the valid one sent before.
            http.setHeaderCacheCaseSensitive(true);
            http.setSendServerVersion(false);
            ServerConnector connector = new ServerConnector(parts.server, new HttpConnectionFactory(http));
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            parts.server.addConnector(connector);
            // Bound before the handlers are built: the links the handlers write need the real port.
            try {
                connector.open();
            } catch (IOException e) {
                throw new IOException("cannot listen on " + settings.host() + ":" + settings.port()
                        + " (" + e.getMessage() + "); is another server using it? Pass --port to choose another", e);
            }
            String origin = "http://" + urlHost(settings.host()) + ":" + connector.getLocalPort();
            String apiUrl = origin + API_PATH;
            String wsUrl = origin.replaceFirst("^http", "ws") + WS_PATH;

            parts.connections = new LiveConnections(settings.limits().maxFrameBytes());
            parts.webhookQueue = new InProcessWebhookQueue();
            OtterServices.Builder services = OtterServices.builder()
                    .dynamoDb(parts.dynamo.client())
                    .tables(TABLES)
                    .peerMessenger(new LocalPeerMessenger(parts.connections))
                    .jwtSecret(jwtSecret)
                    .webAppUrl(origin)
                    // One process serves every connection: its memory counts budgets exactly, at no request.
                    .messageCounter(new InProcessMessageCounter(Clock.systemUTC()))
                    .webhookQueue(parts.webhookQueue)
                    // A receiver on this machine needs no certificate.
                    .webhookUrls(Webhooks.UrlPolicy.HTTPS_OR_LOOPBACK_HTTP)
                    .webhookRetries(settings.webhookRetries());
            if (parts.coturn.isPresent()) {
                services.turnSecret(turnSecret).turnHost("127.0.0.1").turnPort(parts.coturn.get().port())
                        .relayRevoker(parts.coturn.get().relayRevoker());
                parts.coturn.get().tlsPort().ifPresent(tlsPort -> services.turnTlsHost("127.0.0.1").turnTlsPort(tlsPort));
            } else {
                services.withoutTurn();
            }
            parts.services = services.build();
            OtterServices built = parts.services;
            parts.webhookQueue.deliverWith(built::webhookSender);
            // AWS runs the sweep every minute from a schedule; here the same core runs on a timer.
            parts.scheduler.scheduleWithFixedDelay(() -> sweepExpiredRooms(built), ROOM_EXPIRY_INTERVAL.toMillis(),
                    ROOM_EXPIRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);

            StaticSite site = new StaticSite(settings.webDir(), LocalEndpoints.configJson(apiUrl, wsUrl),
                    WebAppPolicy.headers("'self' " + origin.replaceFirst("^http", "ws"),
                            settings.embedOrigins()));
            parts.webAppAvailable = site.available();
            parts.webDir = settings.webDir().toAbsolutePath().normalize();
            LocalFunctions functions = new LocalFunctions(parts.services);
            Handler.Sequence routes = new Handler.Sequence(
                    new ManagementApi(parts.connections),
                    new HttpGateway(API_PATH, functions.httpRoutes()),
                    site);
            WebSocketGateway webSockets = new WebSocketGateway(functions.webSocketRoutes(),
                    settings.limits(), parts.connections, parts.scheduler,
                    // The deployed stack's default capacity, so local tests meet the $connect throttle AWS would apply.
                    new ConnectThrottle(DeploymentCapacity.DEFAULT.connects(), Clock.systemUTC()));
            parts.upgradeHandler = WebSocketUpgradeHandler.from(parts.server, container -> webSockets.mount(container, WS_PATH));
            parts.upgradeHandler.setHandler(routes);
            parts.server.setHandler(parts.upgradeHandler);
            parts.server.setErrorHandler(new GatewayErrorHandler());
            parts.server.setStopTimeout(5_000);
            parts.server.start();

            LocalOtter otter = new LocalOtter(parts);
            String apiKey = otter.apiKey();
            otter.endpoints = new LocalEndpoints(apiUrl, wsUrl, origin, apiKey, otter.createSampleRoom(apiUrl, apiKey));
            parts.data.writePrivate(DataDirectory.LOCAL_JSON, otter.endpoints.toJson());
            return otter;
        } catch (Exception | Error e) {
            parts.closeAll();
            throw e;
        }
    }

    /** A failed sweep (dynalite restarting) must not stop the timer: the next one picks up what it missed. */
    private static void sweepExpiredRooms(OtterServices services) {
        try {
            services.roomExpiry().sweep();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "expired rooms not swept this time: " + e.getClass().getName());
        }
    }

    public LocalEndpoints endpoints() {
        return endpoints;
    }

    public Optional<Integer> turnPort() {
        return coturn.map(Coturn::port);
    }

    /** The running coturn's pid, if coturn runs (it changes when a dead one is restarted). */
    public Optional<Long> turnPid() {
        return coturn.map(Coturn::pid);
    }

    /** The running dynalite's pid (it changes when a dead one is restarted). */
    public long dynamoDbPid() {
        return dynamo.pid();
    }

    public String turnStatus() {
        return turnStatus;
    }

    public boolean webAppAvailable() {
        return webAppAvailable;
    }

    public Path webDir() {
        return webDir;
    }

    public Path dataDir() {
        return data.root();
    }

    /** The management API's endpoint, for API Gateway management clients ({@code POST {it}/@connections/{id}}). */
    public String managementUrl() {
        return endpoints.webUrl();
    }

    /** The services the handlers share; tests read seats through it to learn connection ids. */
    OtterServices services() {
        return services;
    }

    /** The first start's key while it is still valid; otherwise (first start, rotated away) a new one. */
    private String apiKey() throws IOException {
        Optional<String> saved = data.read(DataDirectory.API_KEY);
        if (saved.isPresent() && services.apiKeys().isValid(saved.get())) {
            return saved.get();
        }
        String created = services.apiKeys().createKey();
        data.writePrivate(DataDirectory.API_KEY, created + "\n");
        return created;
    }

    /**
     * Through the real gateway and createRoom handler, as a developer's backend would; and, as a backend does, the
     * runner adds the room secret to the link itself: the createRoom handler never sees it.
     */
    private String createSampleRoom(String apiUrl, String apiKey) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(apiUrl + "/createRoom"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Sample room\"}"))
                .timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("creating the sample room failed: HTTP " + response.statusCode() + " " + response.body());
        }
        JsonNode room = JSON.readTree(response.body());
        return RoomSecret.appendTo(room.path("url").asText(), RoomSecret.generate());
    }

    /** coturn when asked for and installed; otherwise empty, with the reason in {@code parts.turnStatus}. */
    private static Optional<Coturn> startCoturn(LocalSettings settings, DataDirectory data, String secret, Builder parts)
            throws IOException {
        if (!settings.turn()) {
            parts.turnStatus = "off (--no-turn): calls work between browsers that reach each other directly";
            return Optional.empty();
        }
        Optional<Path> binary = Coturn.installed();
        if (binary.isEmpty()) {
            parts.turnStatus = "off: coturn is not installed (apt-get install coturn); calls work only where"
                    + " browsers reach each other directly, and relay-only rooms cannot connect";
            return Optional.empty();
        }
        if (!Files.isRegularFile(settings.turnConfig())) {
            throw new IOException("the hardened coturn configuration " + settings.turnConfig().toAbsolutePath()
                    + " is missing; run from the repository root, pass --turn-config, or start with --no-turn");
        }
        return Optional.of(Coturn.start(binary.get(), settings.turnConfig(), data.root(), secret, Duration.ofSeconds(10)));
    }

    private static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Closes every socket (each runs {@code $disconnect}), then stops the server, coturn and dynalite. */
    @Override
    public void close() throws Exception {
        Builder parts = new Builder();
        parts.data = data;
        parts.dynamo = dynamo;
        parts.coturn = coturn;
        parts.server = server;
        parts.upgradeHandler = upgradeHandler;
        parts.connections = connections;
        parts.scheduler = scheduler;
        parts.closeAll();
    }

    /** What {@link #start} has built so far, so a failed start and {@link #close} stop the same things. */
    private static final class Builder {
        DataDirectory data;
        LocalDynamoDb dynamo;
        Optional<Coturn> coturn = Optional.empty();
        String turnStatus = "off";
        Server server;
        WebSocketUpgradeHandler upgradeHandler;
        LiveConnections connections;
        ScheduledExecutorService scheduler;
        InProcessWebhookQueue webhookQueue;
        OtterServices services;
        boolean webAppAvailable;
        Path webDir;

        void closeAll() throws Exception {
            List<Exception> failures = new ArrayList<>();
            if (server != null) {
                run(failures, this::closeSocketsThenStop);
            }
            coturn.ifPresent(turn -> run(failures, turn::close));
            // Before the store goes: a delivery in flight must not find the table gone.
            if (webhookQueue != null) {
                webhookQueue.close();
            }
            if (dynamo != null) {
                run(failures, dynamo::close);
            }
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
            if (data != null) {
                run(failures, data::close);
            }
            if (!failures.isEmpty()) {
                Exception first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
        }

        private void closeSocketsThenStop() throws Exception {
            if (upgradeHandler != null && connections != null) {
                upgradeHandler.getServerWebSocketContainer().getOpenSessions()
                        .forEach(session -> session.close(StatusCode.SHUTDOWN, "Going away", Callback.NOOP));
                Instant deadline = Instant.now().plusSeconds(5);
                while (connections.size() > 0 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                }
            }
            server.stop();
        }

        private static void run(List<Exception> failures, Step step) {
            try {
                step.run();
            } catch (Exception e) {
                failures.add(e);
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

}
