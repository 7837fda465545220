package dev.otter.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A dynalite process (the repository's {@code tools/dynalite} npm package) on a free port of 127.0.0.1, in
 * memory, reached over HTTP through the real SDK client. {@link #shared()} is one per test JVM; the
 * constructor starts a private one. The process exits when this JVM does (it watches its standard input).
 */
public final class DynaliteServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static DynaliteServer shared;

    private final Process process;
    private final int port;

    public DynaliteServer() throws IOException {
        Path dir = packageDir();
        process = new ProcessBuilder("node", dir.resolve("start.js").toString(), "--port", "0")
                .redirectErrorStream(true)
                .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = output.readLine()) != null; ) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) listening.complete(Integer.parseInt(matcher.group(1)));
                    else if (!listening.isDone()) System.err.println("dynalite: " + line);
                }
            } catch (IOException e) {
                // the process ended
            }
            listening.completeExceptionally(new IOException("dynalite exited with " + exitCode()));
        }, "dynalite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            port = listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("dynalite did not start within " + START_TIMEOUT + ": " + e.getMessage(), e);
        }
    }

    /** One server for the whole test JVM, started on first use. */
    public static synchronized DynaliteServer shared() {
        if (shared == null) {
            try {
                shared = new DynaliteServer();
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    public DynamoDbClient client() {
        return client(new ExecutionInterceptor() {});
    }

    public DynamoDbClient client(ExecutionInterceptor interceptor) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(interceptor))
                .build();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String exitCode() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** {@code tools/dynalite} of this checkout, installed with {@code npm ci} when its modules are missing. */
    static synchronized Path packageDir() throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("tools/dynalite/start.js"))) dir = dir.getParent();
        if (dir == null) throw new IOException("tools/dynalite/start.js not found above " + System.getProperty("user.dir"));
        Path packageDir = dir.resolve("tools/dynalite");
        if (!Files.isDirectory(packageDir.resolve("node_modules/dynalite"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(packageDir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    throw new IOException("npm ci in " + packageDir + " failed; run it by hand to see why");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while installing dynalite", e);
            }
        }
        return packageDir;
    }
}
