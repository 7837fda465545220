package dev.otter.local;

import dev.otter.local.gateway.WebSocketLimits;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import dev.otter.config.WebOrigins;
import dev.otter.core.webhook.RetrySchedule;
import picocli.CommandLine.Option;

/** {@code ./otter local}: starts local Otter, prints where everything is, and runs until Ctrl-C. */
@Command(name = "otter local", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the whole of Otter on this machine: HTTP API, WebSocket signaling, web app, "
                + "dynalite and coturn, on one loopback port.")
public final class OtterLocalCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080",
            description = "Port for the HTTP API, the WebSocket API and the web app (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (loopback only).")
    String host;

    @Option(names = "--data-dir", defaultValue = ".otter",
            description = "Where rooms, API keys and generated secrets are kept. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--web-dir", defaultValue = "webapp/dist",
            description = "The built web app to serve (index.html for every unknown path). Default: ${DEFAULT-VALUE}.")
    Path webDir;

    @Option(names = "--no-turn", description = "Do not start coturn.")
    boolean noTurn;

    @Option(names = "--turn-config", defaultValue = "coturn/turnserver.conf",
            description = "The hardened coturn configuration the local profile derives from. Default: ${DEFAULT-VALUE}.")
    Path turnConfig;

    @Option(names = "--dynalite-dir", defaultValue = "tools/dynalite",
            description = "The installed dynalite package (npm ci) that runs the local DynamoDB. Default: ${DEFAULT-VALUE}.")
    Path dynaliteDir;

    @Option(names = "--embed-origins", defaultValue = "",
            description = "Comma-separated sites that may show rooms in an iframe, as ./otter deploy --embed-origins "
                    + "(e.g. http://localhost:5173). Default: none.")
    String embedOrigins;

    @Option(names = "--max-frame-bytes", defaultValue = "32768",
            description = "Largest WebSocket frame; larger ones close the socket with 1009. Default: ${DEFAULT-VALUE} (API Gateway).")
    int maxFrameBytes;

    @Option(names = "--max-message-bytes", defaultValue = "131072",
            description = "Largest WebSocket message; larger ones close the socket with 1009. Default: ${DEFAULT-VALUE} (API Gateway).")
    int maxMessageBytes;

    @Option(names = "--idle-timeout", defaultValue = "PT10M",
            description = "Idle WebSocket connections are closed after this ISO-8601 duration. Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(names = "--max-connection-age", defaultValue = "PT2H",
            description = "No WebSocket connection lives longer (ISO-8601 duration). Default: ${DEFAULT-VALUE}.")
    Duration maxConnectionAge;

    @Option(names = "--webhook-first-retry", defaultValue = "PT5S",
            description = "Wait before the first retry of a failed webhook delivery (ISO-8601); each next wait is 4 times "
                    + "longer, at most 8 hours. Default: ${DEFAULT-VALUE}.")
    Duration webhookFirstRetry;

    @Option(names = "--webhook-give-up-after", defaultValue = "P1D",
            description = "A webhook delivery still failing this long (ISO-8601) after its first attempt becomes a dead "
                    + "letter (GET /webhooks/deadLetters). Default: ${DEFAULT-VALUE}.")
    Duration webhookGiveUpAfter;

    @Option(names = "--log-level", defaultValue = "info",
            description = "info, or debug: also logs every WebSocket message the gateway receives and sends, as the "
                    + "server handled it (names, resume tokens, the opaque signal envelopes). For diagnostics on your "
                    + "own machine. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    /** Held so java.util.logging cannot drop the level set on it. */
    private static final java.util.logging.Logger JETTY_LOG = java.util.logging.Logger.getLogger("org.eclipse.jetty");
    /** Held for the same reason; {@code --log-level debug} lowers it. */
    private static final java.util.logging.Logger OTTER_LOG = java.util.logging.Logger.getLogger("dev.otter");

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        JETTY_LOG.setLevel(java.util.logging.Level.WARNING);
        int exit = new CommandLine(new OtterLocalCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() throws Exception {
        switch (logLevel) {
            case "info" -> { }
            case "debug" -> debugLogging();
            default -> {
                System.err.println("otter local: --log-level must be info or debug, not " + logLevel);
                return 2;
            }
        }
        LocalSettings settings = settings();
        LocalOtter otter;
        try {
            otter = LocalOtter.start(settings);
        } catch (Exception e) {
            System.err.println("otter local: could not start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping local Otter...");
            try {
                otter.close();
                System.out.println("Stopped; data kept in " + otter.dataDir());
            } catch (Exception e) {
                System.err.println("otter local: stopping failed: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "otter-local-shutdown"));
        print(otter, System.out);
        stopped.await();
        return 0;
    }

    LocalSettings settings() {
        return new LocalSettings(host, port, dataDir, webDir, !noTurn, turnConfig,
                new WebSocketLimits(maxFrameBytes, maxMessageBytes, idleTimeout, maxConnectionAge), dynaliteDir,
                WebOrigins.parse("--embed-origins", embedOrigins),
                new RetrySchedule(webhookFirstRetry, RetrySchedule.DEFAULT.factor(),
                        RetrySchedule.DEFAULT.longest().compareTo(webhookFirstRetry) < 0 ? webhookFirstRetry : RetrySchedule.DEFAULT.longest(),
                        webhookGiveUpAfter));
    }

    /** Our own loggers, and the console handler, down to FINE (java.util.logging's debug); Jetty stays at WARNING. */
    private static void debugLogging() {
        OTTER_LOG.setLevel(java.util.logging.Level.FINE);
        for (java.util.logging.Handler handler : java.util.logging.Logger.getLogger("").getHandlers()) {
            handler.setLevel(java.util.logging.Level.FINE);
        }
    }

    static void print(LocalOtter otter, PrintStream out) {
        LocalEndpoints endpoints = otter.endpoints();
        out.println();
        out.println("Local Otter is running.");
        out.println("  API:        " + endpoints.apiUrl());
        out.println("  WebSocket:  " + endpoints.wsUrl());
        out.println("  Web app:    " + endpoints.webUrl()
                + (otter.webAppAvailable() ? "" : "  (not built: no index.html in " + otter.webDir()
                        + "; run `npm ci && npm run build` in webapp/)"));
        out.println("  TURN:       " + otter.turnStatus());
        out.println("  Data:       " + otter.dataDir() + "  (" + otter.dataDir().resolve("local.json") + " has all of this)");
        out.println("  API key:    " + endpoints.apiKey() + "  (local only; kept in plain text in the data directory)");
        out.println();
        out.println("Open this link in two browser tabs to have a call:");
        out.println("  " + endpoints.sampleRoomUrl());
        out.println();
        out.println("Press Ctrl-C to stop.");
    }
}
