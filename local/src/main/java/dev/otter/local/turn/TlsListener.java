package dev.otter.local.turn;

import dev.otter.local.data.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * TURN over TLS for local Otter: a self-signed certificate for 127.0.0.1, made with the {@code openssl} command at
 * every start (so it never outlives its run), for coturn's {@code tls-listening-port}. Browsers refuse a self-signed
 * certificate for {@code turns:} unless told to ignore certificate errors (the browser tests do), so locally the
 * TLS relay is for tests of the TLS path; everything else works without it.
 *
 * @param port where coturn listens for TLS on 127.0.0.1
 */
public record TlsListener(int port, Path certificate, Path privateKey) {
    private static final Logger LOG = Logger.getLogger(TlsListener.class.getName());
    static final String CERTIFICATE_FILE = "turn-tls-cert.pem";
    static final String KEY_FILE = "turn-tls-key.pem";

    /** A fresh certificate and key in {@code dataDir}, or empty (with the reason logged) when openssl cannot make one. */
    static Optional<TlsListener> create(Path dataDir, int port) {
        Path certificate = dataDir.resolve(CERTIFICATE_FILE);
        Path key = dataDir.resolve(KEY_FILE);
        try {
            Files.deleteIfExists(key);
            Process openssl = PrivateFiles.ownerOnlyProcess(List.of("openssl", "req", "-x509", "-newkey", "ec",
                            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(),
                            "-out", certificate.toString(), "-days", "30", "-subj", "/CN=127.0.0.1",
                            "-addext", "subjectAltName=IP:127.0.0.1"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!openssl.waitFor(30, TimeUnit.SECONDS)) {
                openssl.destroyForcibly();
                LOG.warning("openssl did not make the local TURN TLS certificate within 30 s: no TLS relay");
                return Optional.empty();
            }
            if (openssl.exitValue() != 0 || !Files.isRegularFile(key) || Files.size(key) == 0) {
                LOG.warning("openssl could not make the local TURN TLS certificate (exit " + openssl.exitValue() + "): no TLS relay");
                return Optional.empty();
            }
            return Optional.of(new TlsListener(port, certificate, key));
        } catch (IOException e) {
            LOG.warning("no openssl for the local TURN TLS certificate (" + e.getMessage() + "): no TLS relay");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
