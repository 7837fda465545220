package dev.otter.shaded;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.config.OtterEnv;
import dev.otter.config.OtterFunction;
import dev.otter.testing.DynaliteServer;
import dev.otter.testing.Fixtures;
import dev.otter.testing.TestWorld;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A Lambda execution environment as SnapStart provides it, on 127.0.0.1: a fresh JVM with the shaded jar and the
 * runtime's serialization library on its class path, the function's environment variables, and credentials only
 * through the container credentials endpoint ({@code AWS_ACCESS_KEY_ID} is never set). Every AWS call goes to
 * {@link FakeAws} through {@code AWS_ENDPOINT_URL}; DynamoDB calls go on from there to the local engine, the one
 * place these tests touch it, with Otter's tables made by {@link TestWorld} (whose {@link #world} seeds keys and
 * rooms). The secrets the handlers read are TestWorld's.
 */
final class LambdaSandbox implements AutoCloseable {
    static final String REGION = "eu-central-1";
    static final String JWT_SECRET_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:otter-jwt-Ab12Cd";
    static final String TURN_SECRET_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:otter-turn-Ef34Gh";
    private static final Path TARGET = Path.of("target");

    final FakeAws aws;
    final TestWorld world;
    private final DynaliteServer engine;
    private final Path probeDir;
    private final Path scratch;

    LambdaSandbox(Path scratch) throws Exception {
        this.scratch = scratch;
        this.engine = new DynaliteServer();
        this.world = TestWorld.over(engine.client(new ExecutionInterceptor() {}));
        this.aws = new FakeAws(engine.endpoint());
        aws.putSecret(JWT_SECRET_ARN, new String(TestWorld.JWT_SECRET, StandardCharsets.UTF_8));
        aws.putSecret(TURN_SECRET_ARN, TestWorld.TURN_SECRET);
        this.probeDir = copyProbeClasses(scratch.resolve("probe"));
    }

    /** What Lambda sets for these functions: their own variables, the region and the SnapStart credential variables. */
    Map<String, String> environmentOf(OtterFunction... functions) {
        Map<String, String> env = new HashMap<>();
        for (OtterFunction function : functions) {
            for (String name : function.environment()) env.put(name, valueOf(name));
        }
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", aws.credentialsUri().toString());
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", aws.authorizationToken);
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        // No shared config or credentials files and no instance metadata: nothing may answer but the endpoint above.
        env.put("AWS_CONFIG_FILE", scratch.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("no-aws-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    private String valueOf(String name) {
        return switch (name) {
            case OtterEnv.ROOMS_TABLE -> world.tables.rooms();
            case OtterEnv.API_KEYS_TABLE -> world.tables.apiKeys();
            case OtterEnv.MESSAGE_BUDGETS_TABLE -> world.tables.messageBudgets();
            case OtterEnv.WEBHOOKS_TABLE -> world.tables.webhooks();
            case OtterEnv.WEBHOOK_QUEUE_URL -> aws.endpoint() + "/123456789012/otter-webhooks";
            case OtterEnv.WEB_APP_URL -> TestWorld.WEB_APP_URL;
            case OtterEnv.WS_MANAGEMENT_ENDPOINT -> aws.endpoint().toString();
            case OtterEnv.JWT_SECRET_ARN -> JWT_SECRET_ARN;
            case OtterEnv.TURN_SECRET_ARN -> TURN_SECRET_ARN;
            case OtterEnv.TURN_HOST -> "turn.example.test";
            case OtterEnv.TURN_TLS_HOST -> "turns.example.test";
            default -> throw new IllegalArgumentException("the sandbox has no value for " + name);
        };
    }

    /** A fresh JVM serving invocations; close it to end it. */
    Environment start(Map<String, String> environment) throws IOException {
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, shadedJar().toString(), runtimeSerializationJar(),
                probeDir.toString()), LambdaRuntimeProbe.class.getName())
                .redirectErrorStream(true);
        // Nothing from this machine's AWS setup may reach the child: only what Lambda would set.
        child.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        child.environment().putAll(environment);
        return new Environment(child.start());
    }

    /** One running execution environment. */
    static final class Environment implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;
        private final List<String> log = new ArrayList<>();

        private Environment(Process process) {
            this.process = process;
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** The handler's answer as the runtime serialized it; fails the test when the invocation failed. */
        JsonNode invoke(String handlerClass, String eventJson) {
            Invocation result = tryInvoke(handlerClass, eventJson);
            assertThat(result.failure()).as("invocation of %s; environment output: %s", handlerClass, log).isNull();
            return result.response();
        }

        Invocation tryInvoke(String handlerClass, String eventJson) {
            try {
                in.write(handlerClass + " " + Base64.getEncoder().encodeToString(eventJson.getBytes(StandardCharsets.UTF_8)) + "\n");
                in.flush();
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("RESPONSE ")) {
                        return new Invocation(Fixtures.MAPPER.readTree(Base64.getDecoder().decode(line.substring(9))), null);
                    }
                    if (line.startsWith("FAILED ")) {
                        return new Invocation(null, new String(Base64.getDecoder().decode(line.substring(7)), StandardCharsets.UTF_8));
                    }
                    log.add(line);
                }
                return new Invocation(null, "the environment ended: " + log);
            } catch (IOException e) {
                return new Invocation(null, "the environment is gone: " + e + " " + log);
            }
        }

        List<String> log() {
            return List.copyOf(log);
        }

        @Override
        public void close() throws Exception {
            in.close();
            for (String line = out.readLine(); line != null; line = out.readLine()) log.add(line);
            if (!process.waitFor(1, TimeUnit.MINUTES)) process.destroyForcibly();
        }
    }

    record Invocation(JsonNode response, String failure) {}

    @Override
    public void close() throws Exception {
        aws.close();
        world.close();
        engine.close();
    }

    static Path shadedJar() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(TARGET, "otter-lambdas-*-lambda.jar")) {
            found.forEach(jars::add);
        }
        assertThat(jars).as("the shaded jar; run through `mvn verify`, which packages it first").hasSize(1);
        return jars.get(0).toAbsolutePath();
    }

    /** The Lambda runtime's serialization library, as the runtime puts it beside the function's code. */
    private static String runtimeSerializationJar() {
        try {
            return Path.of(LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // Only the probe joins the jar on the class path, not the test classes or their dependencies.
    private static Path copyProbeClasses(Path probeDir) {
        try {
            Path from = TARGET.resolve(Path.of("test-classes", "dev", "otter", "shaded"));
            Path to = Files.createDirectories(probeDir.resolve(Path.of("dev", "otter", "shaded")));
            try (DirectoryStream<Path> classes = Files.newDirectoryStream(from, "LambdaRuntimeProbe*.class")) {
                for (Path c : classes) Files.copy(c, to.resolve(c.getFileName()));
            }
            return probeDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
