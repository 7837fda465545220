package dev.otter.local.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CoturnConfigTest {
    private static final Path DATA = Path.of("/data");

    @Test
    void localProfile_dropsExactlyTheLoopbackDenies_andKeepsEveryOtherHardening() throws Exception {
        String hardened = Files.readString(Path.of("..", "coturn", "turnserver.conf"));

        String local = CoturnConfig.local(hardened, 40000, "s3cret", DATA, 40001, "cli-pass");

        assertThat(local).doesNotContain("denied-peer-ip=127.0.0.0-127.255.255.255", "denied-peer-ip=::1\n");
        hardened.lines()
                .filter(line -> line.startsWith("denied-peer-ip=") && !line.contains("127.") && !line.equals("denied-peer-ip=::1"))
                .forEach(line -> assertThat(local).contains(line));
        assertThat(local).contains("use-auth-secret", "no-tcp-relay", "user-quota=", "no-multicast-peers");
        assertThat(local).contains("listening-ip=127.0.0.1", "relay-ip=127.0.0.1", "allow-loopback-peers",
                "static-auth-secret=s3cret", "pidfile=/data/turnserver.pid", "log-file=/data/turnserver.log");
    }

    @Test
    void localProfile_replacesTheServersPortAndLogging() {
        String local = CoturnConfig.local("""
                listening-port=3478
                log-file=stdout
                # BEGIN loopback-deny
                denied-peer-ip=127.0.0.0-127.255.255.255
                # END loopback-deny
                """, 40000, "s", DATA, 40001, "p");

        assertThat(local).contains("listening-port=40000").doesNotContain("listening-port=3478", "log-file=stdout");
        assertThat(local).contains("realm=otter.local");
    }

    @Test
    void localProfile_listensForTls_onlyWhenGivenACertificate() throws Exception {
        String hardened = Files.readString(Path.of("..", "coturn", "turnserver.conf"));
        TlsListener tls = new TlsListener(40002, DATA.resolve("cert.pem"), DATA.resolve("key.pem"));

        String withTls = CoturnConfig.local(hardened, 40000, "s", DATA, 40001, "p", tls);
        String without = CoturnConfig.local(hardened, 40000, "s", DATA, 40001, "p");

        assertThat(withTls).contains("tls-listening-port=40002", "cert=/data/cert.pem", "pkey=/data/key.pem", "no-dtls")
                .doesNotContainPattern("(?m)^no-tls$");
        assertThat(without).containsPattern("(?m)^no-tls$").doesNotContain("tls-listening-port", "cert=");
    }

    @Test
    void localProfile_refusesAConfigurationWithoutMarkedLoopbackDenies() {
        assertThatThrownBy(() -> CoturnConfig.local("denied-peer-ip=127.0.0.0-127.255.255.255\n", 1, "s", DATA, 2, "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("# BEGIN loopback-deny");
    }
}
