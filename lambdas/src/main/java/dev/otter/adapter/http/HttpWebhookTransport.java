package dev.otter.adapter.http;

import dev.otter.core.port.WebhookTransport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs webhooks with the JDK's HTTP client. An endpoint has {@link #TIMEOUT} to answer (it should acknowledge first
 * and work after); redirects are not followed, so a delivery goes only where it was registered to.
 */
public final class HttpWebhookTransport implements WebhookTransport {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public int post(String url, Map<String, String> headers, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("content-type", "application/json")
                .header("user-agent", "Otter-Webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while delivering", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("the endpoint URL cannot be sent to", e);
        }
    }
}
