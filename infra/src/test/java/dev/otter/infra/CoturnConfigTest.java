package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs Debian's real coturn with {@code coturn/turnserver.conf} and drives it with turnutils_uclient.
 * Everything runs in a fresh network namespace that has nothing but loopback: the denied peers below
 * are private addresses, and no packet addressed to them may ever leave this machine. Inside the
 * namespace those addresses are unreachable anyway, so each case asserts coturn's own refusal
 * (403 Forbidden IP), which it sends before it would try to reach the peer.
 */
class CoturnConfigTest {
    private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    private static final String SECRET = "test-only-secret-7f3a";
    private static final List<String> DENIED_PEERS =
            List.of("127.0.0.1", "10.0.0.1", "192.168.1.1", "169.254.169.254", "169.254.170.2", "::ffff:127.0.0.1");

    private static Map<String, Case> cases;

    record Case(int exitCode, String output) {}

    @BeforeAll
    static void runCoturnInPrivateNamespace(@TempDir Path dir) throws Exception {
        assertThat(Files.isExecutable(TURNSERVER))
                .as("coturn is required: apt-get install coturn (./otter test installs it)")
                .isTrue();
        Path config = Repo.root().resolve("coturn/turnserver.conf");
        Path localConfig = dir.resolve("turnserver-local.conf");
        Files.writeString(localConfig, localProfile(Files.readString(config)));
        Path script = dir.resolve("cases.sh");
        Files.writeString(script, script(config, localConfig, dir));
        Process process = new ProcessBuilder("unshare", "-n", "bash", script.toString())
                .redirectErrorStream(true)
                .start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("coturn cases finished").isTrue();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        cases = parse(output);
    }

    @Test
    void allocationSucceeds_andChannelBindIsRefused_whenCredentialsValidButPeerDenied() {
        Case result = cases.get("deny-127.0.0.1");
        assertThat(result.output()).doesNotContain("Cannot complete Allocation").contains("channel bind");
    }

    @Test
    void allocationFails_whenRestCredentialsSignedWithAnotherSecret() {
        Case result = cases.get("wrong-secret");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("Cannot complete Allocation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "192.168.1.1", "169.254.169.254", "169.254.170.2", "::ffff:127.0.0.1"})
    void relayIsRefusedWith403ForbiddenIp_whenPeerIsLoopbackPrivateOrMetadata(String peer) {
        Case result = cases.get("deny-" + peer);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("error 403 (Forbidden IP)");
    }

    @Test
    void relaysTrafficBothWays_whenLocalProfileAllowsLoopbackPeer() {
        Case result = cases.get("local-relay");
        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).contains("tot_send_msgs=10, tot_recv_msgs=10");
    }

    @Test
    void coturnAcceptsEveryOptionOfTheConfig() {
        assertThat(cases.get("server-log").output())
                .contains("Total General servers")
                .doesNotContainIgnoringCase("bad configuration")
                .doesNotContainIgnoringCase("unknown option")
                .doesNotContain("CONFIG ERROR");
    }

    @Test
    void configHoldsNoSecretAndNoHostAddress() throws IOException {
        String config = Files.readString(Repo.root().resolve("coturn/turnserver.conf"));
        assertThat(config.lines().filter(line -> !line.startsWith("#")))
                .noneMatch(line -> line.startsWith("static-auth-secret"))
                .noneMatch(line -> line.startsWith("listening-ip"))
                .noneMatch(line -> line.startsWith("relay-ip"))
                .noneMatch(line -> line.startsWith("external-ip"))
                .noneMatch(line -> line.startsWith("allow-loopback-peers"));
    }

    @Test
    void everyLoopbackDenyIsInsideTheBlockTheLocalRunnerDrops() throws IOException {
        String config = Files.readString(Repo.root().resolve("coturn/turnserver.conf"));
        String outside = config.replaceAll("(?s)# BEGIN loopback-deny\n.*?# END loopback-deny\n", "");
        String block = config.substring(config.indexOf("# BEGIN loopback-deny"), config.indexOf("# END loopback-deny"));
        assertThat(block).contains("denied-peer-ip=127.0.0.0-127.255.255.255", "denied-peer-ip=::1",
                "denied-peer-ip=::ffff:127.0.0.0-::ffff:127.255.255.255");
        assertThat(outside).doesNotContain("=127.", "=::1\n", "::ffff:127.").contains("denied-peer-ip=10.0.0.0");
    }

    @Test
    void relayPortRangeMatchesTheSecurityGroupRange() throws IOException {
        String config = Files.readString(Repo.root().resolve("coturn/turnserver.conf"));
        assertThat(config).contains("min-port=" + TurnService.RELAY_MIN_PORT + "\n")
                .contains("max-port=" + TurnService.RELAY_MAX_PORT + "\n");
    }

    /** What the local runner does: drop the loopback block and allow loopback peers. */
    private static String localProfile(String config) {
        return config.replaceAll("(?s)# BEGIN loopback-deny\n.*?# END loopback-deny\n", "") + "allow-loopback-peers\n";
    }

    private static String script(Path config, Path localConfig, Path dir) {
        StringBuilder cases = new StringBuilder();
        for (String peer : DENIED_PEERS) {
            cases.append("run deny-").append(peer).append(" turnutils_uclient -W \"$SECRET\" -u room1 -e ").append(peer)
                    .append(" -r 3480 -n 1 -c 127.0.0.1\n");
        }
        return """
                set -u
                ip link set lo up
                SECRET='%s'
                D='%s'
                run() { name=$1; shift; out=$(timeout 20 "$@" 2>&1); code=$?; printf '=== %%s %%d\\n%%s\\n' "$name" "$code" "$out"; }
                start() {
                  : > "$D/$1.log"
                  turnserver -c "$2" --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-ip=::1 --relay-ip=::1 \\
                    --static-auth-secret="$SECRET" --userdb="$D/$1.db" --pidfile="$D/$1.pid" > "$D/$1.log" 2>&1 &
                  SERVER=$!
                  for _ in $(seq 1 100); do grep -q 'Total General servers' "$D/$1.log" && return; sleep 0.1; done
                }
                turnutils_peer -L 127.0.0.1 -p 3480 > /dev/null 2>&1 &
                PEER=$!
                trap 'kill $PEER ${SERVER:-} 2>/dev/null' EXIT
                start hardened '%s'
                %s
                run wrong-secret turnutils_uclient -W wrong-secret -u room1 -e 127.0.0.1 -r 3480 -n 1 -c 127.0.0.1
                printf '=== server-log 0\\n%%s\\n' "$(cat "$D/hardened.log")"
                kill $SERVER; wait $SERVER 2>/dev/null
                start local '%s'
                run local-relay turnutils_uclient -W "$SECRET" -u room1 -e 127.0.0.1 -r 3480 -n 10 -c 127.0.0.1
                """.formatted(SECRET, dir, config, cases, localConfig);
    }

    private static Map<String, Case> parse(String output) {
        Map<String, Case> parsed = new LinkedHashMap<>();
        Matcher header = Pattern.compile("(?m)^=== (\\S+) (\\d+)$").matcher(output);
        String name = null;
        int code = 0;
        int start = 0;
        while (header.find()) {
            if (name != null) {
                parsed.put(name, new Case(code, output.substring(start, header.start())));
            }
            name = header.group(1);
            code = Integer.parseInt(header.group(2));
            start = header.end();
        }
        if (name != null) {
            parsed.put(name, new Case(code, output.substring(start)));
        }
        assertThat(parsed).as("coturn script output:%n%s", output)
                .containsKeys("wrong-secret", "server-log", "local-relay");
        return parsed;
    }
}
