package dev.otter.local;

import dev.otter.local.gateway.WebSocketLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local Otter (in its own temporary data directory, no web app) and one real WebSocket client for a test
 * class: {@code @RegisterExtension static final RunningOtter local = new RunningOtter(false, limits);}.
 */
final class RunningOtter implements BeforeAllCallback, AfterAllCallback {
    private final boolean turn;
    private final WebSocketLimits limits;
    private Path dir;
    private LocalOtter otter;
    private WebSocketClient client;

    /** @param turn whether to start coturn too */
    RunningOtter(boolean turn, WebSocketLimits limits) {
        this.turn = turn;
        this.limits = limits;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("otter-local-test");
        otter = LocalOtter.start(LocalOtterFixture.settings(dir.resolve("data"), dir.resolve("no-web"), turn, limits));
        client = new WebSocketClient();
        // Browsers take messages of any size; Jetty's client stops at 64 KB unless told otherwise.
        client.setMaxTextMessageSize(1024 * 1024);
        client.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (client != null) client.stop();
        } finally {
            if (otter != null) otter.close();
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    LocalOtter otter() {
        return otter;
    }

    WebSocketClient client() {
        return client;
    }

    /** The signaling endpoint, {@code ws://127.0.0.1:<port>/ws}. */
    String ws() {
        return otter.endpoints().wsUrl();
    }
}
