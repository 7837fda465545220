package dev.otter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URI;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The SDK's connections get the JDK's default TLS only when an https connection is made, and the SDK's timeouts. */
class TlsOnFirstUseTest {
    @Test
    void plainHttpNeverBuildsTls() {
        TlsOnFirstUse connections = new TlsOnFirstUse();
        HttpURLConnection connection = connections.createConnection(URI.create("http://127.0.0.1:8000/"));
        assertThat(connection).isNotInstanceOf(HttpsURLConnection.class);
        assertThat(connection.getConnectTimeout()).isEqualTo(2_000);
        assertThat(connection.getReadTimeout()).isEqualTo(30_000);
        assertThat(connections.tlsPrepared()).isFalse();
    }

    @Test
    void httpsUsesTheDefaultContextBuiltOnFirstUse() throws Exception {
        TlsOnFirstUse connections = new TlsOnFirstUse();
        HttpURLConnection connection = connections.createConnection(URI.create("https://dynamodb.eu-central-1.amazonaws.com/"));
        assertThat(connections.tlsPrepared()).isTrue();
        HttpURLConnection another = connections.createConnection(URI.create("https://secretsmanager.eu-central-1.amazonaws.com/"));
        // One factory of the JDK's default context, built once and shared.
        assertThat(((HttpsURLConnection) connection).getSSLSocketFactory()).isSameAs(((HttpsURLConnection) another).getSSLSocketFactory())
                .hasSameClassAs(SSLContext.getDefault().getSocketFactory());
        assertThat(connection.getConnectTimeout()).isEqualTo(2_000);
    }

    @Test
    void primingBuildsItAhead() {
        TlsOnFirstUse connections = new TlsOnFirstUse();
        connections.prepareTls();
        assertThat(connections.tlsPrepared()).isTrue();
    }
}
