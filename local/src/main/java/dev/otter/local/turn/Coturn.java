package dev.otter.local.turn;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import dev.otter.local.data.PrivateFiles;
import dev.otter.local.process.Supervised;

/**
 * A {@code turnserver} child process on 127.0.0.1 with the local profile of the hardened configuration.
 * It is ready once it answers a STUN Binding request. It is supervised: if it dies, it is started again on the
 * same port with the same configuration and secret (so issued credentials stay valid). Closing it sends SIGTERM
 * and waits.
 */
public final class Coturn implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Coturn.class.getName());
    private static final Path DEFAULT_BINARY = Path.of("/usr/bin/turnserver");
    static final String CONFIG_FILE = "turnserver-local.conf";

    private final Supervised child;
    private final int port;
    private final CoturnCli cli;
    private final Optional<TlsListener> tls;

    private Coturn(Supervised child, int port, CoturnCli cli, Optional<TlsListener> tls) {
        this.child = child;
        this.port = port;
        this.cli = cli;
        this.tls = tls;
    }

    /** The installed {@code turnserver}, if any. */
    public static Optional<Path> installed() {
        if (Files.isExecutable(DEFAULT_BINARY)) {
            return Optional.of(DEFAULT_BINARY);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return List.of(path.split(":")).stream()
                .map(dir -> Path.of(dir, "turnserver"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    public static Coturn start(Path binary, Path hardenedConfig, Path dataDir, String secret, Duration timeout)
            throws IOException {
        stopLeftover(dataDir);
        String hardened = Files.readString(hardenedConfig);
        Path config = dataDir.resolve(CONFIG_FILE);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freeUdpAndTcpPort();
            CoturnCli cli = new CoturnCli(freeTcpPort(), CoturnCli.newPassword());
            Optional<TlsListener> tls = TlsListener.create(dataDir, freeTcpPort());
            PrivateFiles.write(config, CoturnConfig.local(hardened, port, secret, dataDir, cli.port(), cli.password(), tls.orElse(null)));
            try {
                return new Coturn(Supervised.start("coturn", () -> launch(binary, config, dataDir, port, timeout)), port, cli, tls);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static Process launch(Path binary, Path config, Path dataDir, int port, Duration timeout) throws IOException {
        Process process = PrivateFiles.ownerOnlyProcess(List.of(binary.toString(), "-c", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(PrivateFiles.ownerOnly(dataDir.resolve("turnserver.out")).toFile()))
                .start();
        if (awaitReady(process, port, timeout)) {
            return process;
        }
        Supervised.stop(process);
        throw new IOException("turnserver did not answer STUN on 127.0.0.1:" + port + " within " + timeout
                + "; see " + dataDir.resolve("turnserver.log"));
    }

    /** The current child's pid (it changes when a dead one is restarted). */
    public long pid() {
        return child.pid();
    }

    public int port() {
        return port;
    }

    /** Where coturn listens for TURN over TLS on 127.0.0.1, when openssl could make its certificate. */
    public Optional<Integer> tlsPort() {
        return tls.map(TlsListener::port);
    }

    /** Ends participants' relays through coturn's admin CLI. */
    public dev.otter.core.port.RelayRevoker relayRevoker() {
        return cli;
    }

    private static boolean awaitReady(Process process, int port, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            if (StunProbe.answers(server, Duration.ofMillis(200))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        child.close();
    }

    /** A turnserver a crashed earlier run of this data directory left behind would hold its files. */
    private static void stopLeftover(Path dataDir) {
        Path pidFile = dataDir.resolve("turnserver.pid");
        Path config = dataDir.resolve(CONFIG_FILE);
        try {
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            if (handle.isPresent() && Files.isReadable(cmdline)
                    && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(config.toString())) {
                LOG.info("stopping turnserver " + pid + " left over from an earlier run");
                handle.get().destroy();
                handle.get().onExit().get(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(pidFile);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "could not check for a left-over turnserver", e);
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return tcp.getLocalPort();
        }
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    return port;
                } catch (IOException taken) {
                    // the UDP side of this port is in use; try another
                }
            }
        }
        throw new IOException("no free port on 127.0.0.1 for both UDP and TCP");
    }
}
