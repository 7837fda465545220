package dev.otter.local;

import dev.otter.local.gateway.WebSocketLimits;
import java.nio.file.Path;

/**
 * How to run local Otter: where to listen (port 0 picks a free one), the data directory, the web app to serve,
 * whether to start coturn and from which hardened configuration, and the WebSocket limits.
 */
public record LocalSettings(
        String host, int port, Path dataDir, Path webDir, boolean turn, Path turnConfig, WebSocketLimits limits) {

    public static LocalSettings defaults(Path dataDir) {
        return new LocalSettings("127.0.0.1", 8080, dataDir, Path.of("webapp/dist"), true,
                Path.of("coturn/turnserver.conf"), WebSocketLimits.API_GATEWAY);
    }

    public LocalSettings withPort(int newPort) {
        return new LocalSettings(host, newPort, dataDir, webDir, turn, turnConfig, limits);
    }

    public LocalSettings withWebDir(Path newWebDir) {
        return new LocalSettings(host, port, dataDir, newWebDir, turn, turnConfig, limits);
    }

    public LocalSettings withTurn(boolean enabled) {
        return new LocalSettings(host, port, dataDir, webDir, enabled, turnConfig, limits);
    }

    public LocalSettings withTurnConfig(Path newTurnConfig) {
        return new LocalSettings(host, port, dataDir, webDir, turn, newTurnConfig, limits);
    }

    public LocalSettings withLimits(WebSocketLimits newLimits) {
        return new LocalSettings(host, port, dataDir, webDir, turn, turnConfig, newLimits);
    }
}
