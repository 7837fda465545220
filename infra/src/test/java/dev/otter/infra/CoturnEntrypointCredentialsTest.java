package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code coturn/otter-entrypoint.sh} with the real {@code curl} and {@code jq} against a local stand-in for the
 * ECS task metadata, the task-role credentials endpoint and EC2. While the signed EC2 request is in flight (its
 * {@code curl} still running), the stand-in reads every process's command line from {@code /proc}: the task
 * credentials must be on none of them, yet must reach EC2 as the signature and the session-token header.
 */
class CoturnEntrypointCredentialsTest {
    private static final String ACCESS_KEY = "AKIAENTRYPOINTTEST01";
    private static final String SECRET_KEY = "entrypoint-secret-access-key-7f3a91";
    private static final String SESSION_TOKEN = "entrypoint-session-token-c40be2";

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<String> commandLinesDuringEc2Call = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> ec2Headers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metadata/v4", exchange -> answer(exchange, "{\"Networks\":[{\"IPv4Addresses\":[\"10.0.1.5\"]}]}"));
        server.createContext("/v2/credentials/", exchange -> answer(exchange, """
                {"AccessKeyId":"%s","SecretAccessKey":"%s","Token":"%s","Expiration":"2099-01-01T00:00:00Z"}"""
                .formatted(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN)));
        server.createContext("/ec2", exchange -> {
            commandLinesDuringEc2Call.addAll(allCommandLines());
            ec2Headers.add(Map.copyOf(exchange.getRequestHeaders()));
            answer(exchange, "<x><networkInterfaceSet><item><association><publicIp>203.0.113.7</publicIp></association></item></networkInterfaceSet></x>");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** What {@code ps} shows anyone on the host: every process's arguments. */
    private static List<String> allCommandLines() {
        List<String> lines = new ArrayList<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    lines.add(new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' '));
                } catch (IOException gone) {
                    // The process ended between the listing and the read.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return lines;
    }

    @Test
    void theTaskCredentials_signTheEc2Call_butAreOnNoCommandLine() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path turnserver = bin.resolve("turnserver");
        Files.writeString(turnserver, "#!/bin/bash\nprintf '%s\\0' \"$@\" > \"$RECORD/turnserver.args\"\n");
        Files.setPosixFilePermissions(turnserver, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("base.conf"), "use-auth-secret\nrealm=otter\n");
        String local = "http://127.0.0.1:" + server.getAddress().getPort();

        ProcessBuilder builder = new ProcessBuilder("bash", Repo.root().resolve("coturn/otter-entrypoint.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("entrypoint.out").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(Map.of(
                "PATH", bin + ":/usr/bin:/bin",
                "RECORD", dir.toString(),
                "TMPDIR", dir.toString(),
                "OTTER_COTURN_CONFIG", dir.resolve("base.conf").toString(),
                "OTTER_TURN_SECRET", "unused-in-this-test",
                "OTTER_VPC_ID", "vpc-0123",
                "OTTER_AWS_REGION", "eu-central-1",
                "ECS_CONTAINER_METADATA_URI_V4", local + "/metadata/v4",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", local + "/v2/credentials/abc",
                "OTTER_EC2_ENDPOINT", local + "/ec2"));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String output = Files.readString(dir.resolve("entrypoint.out"));
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(Files.readString(dir.resolve("turnserver.args"))).contains("--external-ip=203.0.113.7/10.0.1.5");
        assertThat(ec2Headers).hasSize(1);
        Map<String, List<String>> headers = ec2Headers.get(0);
        assertThat(headers.get("X-amz-security-token")).containsExactly(SESSION_TOKEN);
        assertThat(String.join(",", headers.get("Authorization")))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/");
        assertThat(commandLinesDuringEc2Call).as("command lines while curl signed the EC2 call").anyMatch(line -> line.contains("curl"));
        assertThat(commandLinesDuringEc2Call.stream()
                .filter(line -> line.contains(ACCESS_KEY) || line.contains(SECRET_KEY) || line.contains(SESSION_TOKEN)))
                .as("command lines showing a task credential").isEmpty();
        assertThat(output).doesNotContain(SECRET_KEY).doesNotContain(SESSION_TOKEN);
    }
}
