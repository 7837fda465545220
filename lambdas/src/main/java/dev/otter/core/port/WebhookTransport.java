package dev.otter.core.port;

import java.io.IOException;
import java.util.Map;

/** POSTs one signed webhook to an endpoint. */
public interface WebhookTransport {
    /**
     * @return the HTTP status the endpoint answered
     * @throws IOException when no answer came (refused, reset, timed out)
     */
    int post(String url, Map<String, String> headers, String body) throws IOException;
}
