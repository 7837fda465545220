package dev.otter.local.data;

import dev.otter.local.process.Supervised;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * dynalite (the repository's {@code tools/dynalite} npm package) as a supervised child process on 127.0.0.1,
 * persisting to LevelDB under the data directory. It keeps its port across restarts, so the one client stays
 * valid; it exits by itself when this process dies (it watches its standard input).
 */
public final class LocalDynamoDb implements AutoCloseable {
    public static final String DB_DIR = "dynalite";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Supervised child;
    private final int port;
    private final DynamoDbClient client;

    private LocalDynamoDb(Supervised child, int port) {
        this.child = child;
        this.port = port;
        this.client = OwnedTableCache.wrap(ReadBatching.wrap(DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(ApacheHttpClient.builder().maxConnections(64).tcpKeepAlive(true).build())
                .build()));
    }

    /**
     * @param packageDir {@code tools/dynalite}, installed ({@code npm ci})
     * @param dataDir    the runner's data directory; the database lives in its {@value #DB_DIR} folder
     */
    public static LocalDynamoDb start(Path packageDir, Path dataDir) throws IOException {
        Path script = packageDir.resolve("start.js");
        if (!Files.isRegularFile(script) || !Files.isDirectory(packageDir.resolve("node_modules/dynalite"))) {
            throw new IOException("dynalite is not installed in " + packageDir.toAbsolutePath()
                    + ": run `npm ci` there (./otter local does), or pass --dynalite-dir");
        }
        int port = freePort();
        Path database = dataDir.resolve(DB_DIR);
        Path log = dataDir.resolve("dynalite.out");
        Supervised child = Supervised.start("dynalite", () -> launch(script, port, database, log));
        return new LocalDynamoDb(child, port);
    }

    private static Process launch(Path script, int port, Path database, Path log) throws IOException {
        Process process = PrivateFiles.ownerOnlyProcess(List.of("node", script.toAbsolutePath().toString(),
                "--port", Integer.toString(port), "--path", database.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(PrivateFiles.ownerOnly(log).toFile()))
                .start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return process;
            } catch (IOException notYet) {
                sleep();
            }
        }
        Supervised.stop(process);
        throw new IOException("dynalite did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT + "; see " + log);
    }

    public DynamoDbClient client() {
        return client;
    }

    public int port() {
        return port;
    }

    /** The current child's pid (it changes when a dead one is restarted). */
    public long pid() {
        return child.pid();
    }

    @Override
    public void close() {
        client.close();
        child.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
