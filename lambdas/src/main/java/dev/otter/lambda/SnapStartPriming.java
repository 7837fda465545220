package dev.otter.lambda;

import dev.otter.core.Ids;
import dev.otter.core.InvalidToken;
import dev.otter.core.ResumeTokens;
import dev.otter.core.Role;
import dev.otter.core.RoomTokens;
import dev.otter.core.signaling.ClientMessage;
import dev.otter.core.signaling.ServerMessage;
import dev.otter.core.signaling.Wire;
import dev.otter.lambda.http.Http;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming. Lambda snapshots each published version after its init phase; a {@code beforeCheckpoint}
 * hook runs just before that, so whatever it executes is loaded, initialised and compiled in every environment
 * restored from the snapshot. This hook runs the hot path of Otter's handlers without touching AWS:
 * <ul>
 *   <li>the commonest HTTP bodies are written and read, and a WebSocket signal parsed and relayed;</li>
 *   <li>the DynamoDB client marshals, signs and prepares a {@code GetItem}, which {@link #STOP_BEFORE_SENDING}
 *       stops before any connection is opened;</li>
 *   <li>room and resume tokens are issued and verified with a throwaway key;</li>
 *   <li>the JDK's default TLS context loads its CA trust store ({@link TlsOnFirstUse}).</li>
 * </ul>
 * Why it is safe to snapshot: no secret is read (the JWT key is random and dropped; Secrets Manager is not
 * called), no credentials are resolved (the priming request carries dummy static credentials of its own, so the
 * function's real provider is never asked), no connection exists (the request stops before transmission), and
 * nothing unique is kept. The TLS context was in the snapshot before priming too (the SDK's HTTP client built
 * one at init); its randomness comes from the JDK's NativePRNG, which mixes in fresh bytes of /dev/urandom on
 * every call, so restored environments do not repeat each other's handshakes. After a restore {@link Ids#reseed()} mixes fresh entropy into the id generator, so
 * environments restored from one snapshot do not share its state.
 *
 * <p>Outside Lambda (tests, the local runner, the cold-start bench) {@code org.crac} finds no checkpoint
 * support and the hooks never run.
 */
public final class SnapStartPriming implements Resource {
    /** Set on the priming request only; requests without it are untouched. */
    static final ExecutionAttribute<Boolean> PRIMING = new ExecutionAttribute<>("OtterSnapStartPriming");
    /** On Otter's DynamoDB client: ends a priming request after it is signed, before it is sent. */
    public static final ExecutionInterceptor STOP_BEFORE_SENDING = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
                                       ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(PRIMING))) throw new Primed();
        }
    };
    private static final String PRIMING_ROOM = "PrimingRoom00000000000";
    /** The hooks' registry keeps resources weakly: this keeps ours alive. */
    private static SnapStartPriming registered;

    private final Supplier<DynamoDbClient> dynamoDb;
    private final Runnable prepareTls;

    SnapStartPriming(Supplier<DynamoDbClient> dynamoDb, Runnable prepareTls) {
        this.dynamoDb = dynamoDb;
        this.prepareTls = prepareTls;
    }

    /** Registers the hooks once per process; a no-op where the JVM cannot checkpoint. */
    static synchronized void register(Supplier<DynamoDbClient> dynamoDb, Runnable prepareTls) {
        if (registered != null) return;
        registered = new SnapStartPriming(dynamoDb, prepareTls);
        Core.getGlobalContext().register(registered);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Ids.reseed();
    }

    /**
     * Runs every priming step; a step that fails is logged and skipped, since priming only saves time.
     *
     * @return the names of the steps that failed
     */
    List<String> prime() {
        List<String> failed = new ArrayList<>();
        step("json", Http::primeJson, failed);
        step("signaling", SnapStartPriming::primeSignaling, failed);
        step("tokens", SnapStartPriming::primeTokens, failed);
        step("tls", prepareTls, failed);
        step("dynamodb", () -> {
            if (!primeDynamoDb(dynamoDb.get())) throw new IllegalStateException("the priming request was not stopped");
        }, failed);
        return failed;
    }

    /** @return true when the request went through marshalling and signing and was stopped before sending */
    static boolean primeDynamoDb(DynamoDbClient client) {
        try {
            client.getItem(r -> r.tableName("otter-priming").key(Map.of("roomId", AttributeValue.fromS(PRIMING_ROOM)))
                    .consistentRead(true)
                    .overrideConfiguration(o -> o.putExecutionAttribute(PRIMING, Boolean.TRUE)
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))));
            return false;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Primed) return true;
            }
            throw e;
        }
    }

    /** The WebSocket messages' own Jackson mapper: a relayed signal in, the relayed signal out. */
    private static void primeSignaling() {
        ClientMessage message = Wire.parse("{\"action\":\"signal\",\"to\":\"primingPeer0\",\"data\":{\"candidate\":{\"sdpMid\":\"0\"}}}");
        if (!(message instanceof ClientMessage.Signal signal)) throw new IllegalStateException("the priming signal did not parse");
        Wire.write(new ServerMessage.Relayed("primingPeer1", signal.data()));
        Wire.write(new ServerMessage.Error("priming", "priming"));
    }

    private static void primeTokens() {
        byte[] throwaway = new byte[RoomTokens.MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(throwaway);
        Clock clock = Clock.systemUTC();
        RoomTokens rooms = new RoomTokens(throwaway, clock);
        ResumeTokens resumes = new ResumeTokens(throwaway, clock);
        try {
            rooms.verifyFor(rooms.issue(PRIMING_ROOM, Role.GUEST, clock.instant().plus(Duration.ofMinutes(1))), PRIMING_ROOM);
            resumes.verify(resumes.issue(PRIMING_ROOM, "primingPeer0", clock.instant().plus(Duration.ofMinutes(1))), PRIMING_ROOM);
        } catch (InvalidToken e) {
            throw new IllegalStateException("a freshly issued priming token did not verify", e);
        }
    }

    private static void step(String name, Runnable step, List<String> failed) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failed.add(name);
            // The logger only when needed: getting one starts the JDK's logging, which every init would pay for.
            System.getLogger(SnapStartPriming.class.getName())
                    .log(System.Logger.Level.WARNING, "SnapStart priming step " + name + " failed: " + e.getClass().getName());
        }
    }

    /** Thrown inside the SDK to end a priming request; never leaves {@link #primeDynamoDb}. */
    private static final class Primed extends RuntimeException {
        Primed() {
            super("priming request stopped before sending", null, false, false);
        }
    }
}
