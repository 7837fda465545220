package dev.otter.core.webhook;

import java.time.Instant;

/** A registered receiver: where to POST and the secret to sign with (never listed, shown once at registration). */
public record WebhookEndpoint(String id, String url, String secret, Instant createdAt) {
    @Override
    public String toString() {
        return "WebhookEndpoint[" + id + " " + url + "]"; // never the secret
    }
}
