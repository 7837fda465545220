package dev.otter.local.turn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Derives local Otter's coturn configuration from the project's hardened {@code coturn/turnserver.conf}:
 * everything stays except the loopback denies (between {@code # BEGIN loopback-deny} and
 * {@code # END loopback-deny}) and the settings that only make sense on a server; then the local profile adds
 * loopback listening and relaying, loopback peers and its own secret and files.
 */
public final class CoturnConfig {
    static final String BEGIN_LOOPBACK_DENY = "# BEGIN loopback-deny";
    static final String END_LOOPBACK_DENY = "# END loopback-deny";

    /** Options the local profile sets itself; the hardened file's values are for a public server. */
    private static final Set<String> REPLACED = Set.of(
            "listening-ip", "relay-ip", "external-ip", "listening-port", "tls-listening-port", "alt-listening-port",
            "alt-tls-listening-port", "static-auth-secret", "pidfile", "log-file", "userdb", "cert", "pkey",
            "no-tls", "no-dtls", "allow-loopback-peers", "syslog", "no-stdout-log", "simple-log",
            "no-cli", "cli-ip", "cli-port", "cli-password");

    private CoturnConfig() {}

    /**
     * @param cliPort     where coturn's admin CLI listens on 127.0.0.1: the runner ends removed participants' relays
     *                    through it ({@link CoturnCli}); the hardened file keeps {@code no-cli} for servers
     * @param cliPassword the CLI's password (the file is owner-only, like the secret)
     */
    public static String local(String hardened, int port, String secret, Path dataDir, int cliPort, String cliPassword) {
        return local(hardened, port, secret, dataDir, cliPort, cliPassword, null);
    }

    /**
     * @param tls where and with which certificate coturn also listens for TURN over TLS, or {@code null} for no TLS
     *            (the hardened file's {@code no-tls}: on AWS, TLS ends at the load balancer)
     */
    public static String local(String hardened, int port, String secret, Path dataDir, int cliPort, String cliPassword,
                               TlsListener tls) {
        List<String> lines = new ArrayList<>();
        boolean inLoopbackDeny = false;
        boolean sawLoopbackBlock = false;
        for (String line : hardened.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.equals(BEGIN_LOOPBACK_DENY)) {
                inLoopbackDeny = true;
                sawLoopbackBlock = true;
                continue;
            }
            if (trimmed.equals(END_LOOPBACK_DENY)) {
                inLoopbackDeny = false;
                continue;
            }
            if (inLoopbackDeny || REPLACED.contains(optionName(trimmed))) {
                continue;
            }
            lines.add(line);
        }
        if (inLoopbackDeny || !sawLoopbackBlock) {
            throw new IllegalArgumentException("the coturn configuration must mark its loopback denies between '"
                    + BEGIN_LOOPBACK_DENY + "' and '" + END_LOOPBACK_DENY + "'");
        }
        lines.add("");
        if (lines.stream().map(String::trim).map(CoturnConfig::optionName).noneMatch("realm"::equals)) {
            lines.add("realm=otter.local");
        }
        lines.add("# Local Otter profile: everything on loopback; loopback peers allowed here only.");
        lines.add("listening-ip=127.0.0.1");
        lines.add("relay-ip=127.0.0.1");
        lines.add("listening-port=" + port);
        lines.add("allow-loopback-peers");
        if (tls == null) {
            lines.add("no-tls");
        } else {
            lines.add("tls-listening-port=" + tls.port());
            lines.add("cert=" + tls.certificate());
            lines.add("pkey=" + tls.privateKey());
        }
        lines.add("no-dtls");
        lines.add("static-auth-secret=" + secret);
        lines.add("pidfile=" + dataDir.resolve("turnserver.pid"));
        lines.add("log-file=" + dataDir.resolve("turnserver.log"));
        lines.add("simple-log");
        lines.add("no-stdout-log");
        lines.add("userdb=" + dataDir.resolve("turndb"));
        lines.add("cli-ip=127.0.0.1");
        lines.add("cli-port=" + cliPort);
        lines.add("cli-password=" + cliPassword);
        return String.join("\n", lines) + "\n";
    }

    private static String optionName(String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return "";
        }
        String name = line.split("[=\\s]", 2)[0];
        return (name.startsWith("--") ? name.substring(2) : name).toLowerCase(Locale.ROOT);
    }
}
