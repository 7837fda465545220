package dev.otter.local;

import dev.otter.config.WebOrigins;
import dev.otter.core.webhook.RetrySchedule;
import dev.otter.local.gateway.WebSocketLimits;
import java.nio.file.Path;

/**
 * How to run local Otter: where to listen (port 0 picks a free one), the data directory, the web app to serve,
 * whether to start coturn and from which hardened configuration, the WebSocket limits, and the installed
 * {@code tools/dynalite} package the local DynamoDB engine runs from, the sites that may frame the web app, and when
 * failed webhook deliveries are tried again.
 */
public record LocalSettings(
        String host, int port, Path dataDir, Path webDir, boolean turn, Path turnConfig, WebSocketLimits limits,
        Path dynaliteDir, WebOrigins embedOrigins, RetrySchedule webhookRetries) {

    public static LocalSettings defaults(Path dataDir) {
        return new LocalSettings("127.0.0.1", 8080, dataDir, Path.of("webapp/dist"), true,
                Path.of("coturn/turnserver.conf"), WebSocketLimits.API_GATEWAY, Path.of("tools/dynalite"),
                WebOrigins.NONE, RetrySchedule.DEFAULT);
    }

    public LocalSettings withPort(int newPort) {
        return new LocalSettings(host, newPort, dataDir, webDir, turn, turnConfig, limits, dynaliteDir, embedOrigins, webhookRetries);
    }

    public LocalSettings withWebDir(Path newWebDir) {
        return new LocalSettings(host, port, dataDir, newWebDir, turn, turnConfig, limits, dynaliteDir, embedOrigins, webhookRetries);
    }

    public LocalSettings withTurn(boolean enabled) {
        return new LocalSettings(host, port, dataDir, webDir, enabled, turnConfig, limits, dynaliteDir, embedOrigins, webhookRetries);
    }

    public LocalSettings withTurnConfig(Path newTurnConfig) {
        return new LocalSettings(host, port, dataDir, webDir, turn, newTurnConfig, limits, dynaliteDir, embedOrigins, webhookRetries);
    }

    public LocalSettings withLimits(WebSocketLimits newLimits) {
        return new LocalSettings(host, port, dataDir, webDir, turn, turnConfig, newLimits, dynaliteDir, embedOrigins, webhookRetries);
    }

    public LocalSettings withDynaliteDir(Path newDynaliteDir) {
        return new LocalSettings(host, port, dataDir, webDir, turn, turnConfig, limits, newDynaliteDir, embedOrigins, webhookRetries);
    }

    public LocalSettings withEmbedOrigins(WebOrigins newEmbedOrigins) {
        return new LocalSettings(host, port, dataDir, webDir, turn, turnConfig, limits, dynaliteDir, newEmbedOrigins, webhookRetries);
    }

    public LocalSettings withWebhookRetries(RetrySchedule newWebhookRetries) {
        return new LocalSettings(host, port, dataDir, webDir, turn, turnConfig, limits, dynaliteDir, embedOrigins, newWebhookRetries);
    }
}
