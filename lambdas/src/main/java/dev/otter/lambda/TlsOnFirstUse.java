package dev.otter.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

/**
 * Connections for the SDK's URL-connection HTTP client that set up TLS when the first https connection is made.
 * {@code UrlConnectionHttpClient.create()} builds its TLS context in the constructor, which reads and parses the
 * JDK's whole CA trust store: about a third of a cold {@code GET /room/{id}}'s time before this class, spent
 * before anything was asked of the client. With this factory the JDK's default TLS context (the same trust
 * store, hostname verification on) is built on first use, and {@link SnapStartPriming} builds it before a
 * snapshot so that restored functions have it ready. Timeouts are the SDK client's defaults, which its own
 * connection factory would set.
 */
final class TlsOnFirstUse implements UrlConnectionFactory {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private volatile SSLSocketFactory tls;

    @Override
    public HttpURLConnection createConnection(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            if (connection instanceof HttpsURLConnection https) https.setSSLSocketFactory(tls());
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the TLS context now (SnapStart priming). */
    void prepareTls() {
        tls();
    }

    boolean tlsPrepared() {
        return tls != null;
    }

    private SSLSocketFactory tls() {
        SSLSocketFactory factory = tls;
        if (factory == null) {
            synchronized (this) {
                if (tls == null) {
                    try {
                        tls = SSLContext.getDefault().getSocketFactory();
                    } catch (NoSuchAlgorithmException e) {
                        throw new IllegalStateException("this JVM has no default TLS context", e);
                    }
                }
                factory = tls;
            }
        }
        return factory;
    }
}
