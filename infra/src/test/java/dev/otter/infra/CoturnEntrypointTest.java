package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the image's real {@code coturn/otter-entrypoint.sh} with stand-ins for {@code curl} (the task metadata, the
 * task credentials, the EC2 call) and {@code turnserver} (which records how it was started), so what reaches
 * coturn's command line, environment and configuration can be checked.
 */
class CoturnEntrypointTest {
    private static final String SECRET = "entrypoint-test-secret-5d1c9e";

    @TempDir
    Path dir;
    private Path bin;
    private Path record;

    @BeforeEach
    void stubs() throws Exception {
        bin = Files.createDirectories(dir.resolve("bin"));
        record = Files.createDirectories(dir.resolve("record"));
        script("curl", """
                #!/bin/bash
                printf '%s\\0' "$@" >> "$RECORD/curl.args"
                case "$*" in
                  *metadata.test*) echo '{"Networks":[{"IPv4Addresses":["10.0.1.5"]}]}' ;;
                  *169.254.170.2*) echo '{"AccessKeyId":"AKID","SecretAccessKey":"SAK","Token":"TOK"}' ;;
                  *ec2.*) echo '<x><publicIp>203.0.113.7</publicIp></x>' ;;
                  *) exit 22 ;;
                esac
                """);
        script("turnserver", """
                #!/bin/bash
                printf '%s\\0' "$@" > "$RECORD/turnserver.args"
                env > "$RECORD/turnserver.env"
                config="$2"
                stat -c '%a' "$config" > "$RECORD/config.mode" || true
                stat -c '%a' "$(dirname "$config")" > "$RECORD/dir.mode" || true
                cp "$config" "$RECORD/config.seen" || true
                """);
        Files.writeString(dir.resolve("base.conf"), "use-auth-secret\nrealm=otter\n");
    }

    private void script(String name, String body) throws Exception {
        Path file = bin.resolve(name);
        Files.writeString(file, body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private int runEntrypoint() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", Repo.root().resolve("coturn/otter-entrypoint.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("entrypoint.out").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(Map.of(
                "PATH", bin + ":/usr/bin:/bin",
                "RECORD", record.toString(),
                "TMPDIR", dir.toString(),
                "OTTER_COTURN_CONFIG", dir.resolve("base.conf").toString(),
                "OTTER_TURN_SECRET", SECRET,
                "OTTER_VPC_ID", "vpc-0123",
                "OTTER_AWS_REGION", "eu-central-1",
                "ECS_CONTAINER_METADATA_URI_V4", "http://metadata.test/v4",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"));
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private List<String> recordedArgs(String file) throws Exception {
        return Arrays.asList(Files.readString(record.resolve(file), StandardCharsets.UTF_8).split("\0"));
    }

    @Test
    void theSecret_reachesCoturnThroughAnOwnerOnlyConfigFile_neverItsCommandLineOrEnvironment() throws Exception {
        int exit = runEntrypoint();

        assertThat(exit).as(Files.readString(dir.resolve("entrypoint.out"))).isZero();
        List<String> args = recordedArgs("turnserver.args");
        assertThat(args).noneMatch(arg -> arg.contains(SECRET));
        assertThat(args).contains("--listening-ip=10.0.1.5", "--relay-ip=10.0.1.5", "--external-ip=203.0.113.7/10.0.1.5");
        assertThat(args.get(0)).isEqualTo("-c");
        assertThat(recordedArgs("curl.args")).noneMatch(arg -> arg.contains(SECRET));
        assertThat(Files.readString(record.resolve("turnserver.env"))).doesNotContain(SECRET);
        assertThat(Files.readString(record.resolve("config.seen")))
                .startsWith("use-auth-secret\nrealm=otter\n")
                .contains("\nstatic-auth-secret=" + SECRET + "\n");
        assertThat(Files.readString(record.resolve("config.mode")).trim()).isEqualTo("600");
        assertThat(Files.readString(record.resolve("dir.mode")).trim()).isEqualTo("700");
        assertThat(Files.readString(dir.resolve("entrypoint.out"))).doesNotContain(SECRET);
    }

    @Test
    void coturnsCli_listensOnLoopbackOnly_forTheRevoker_withAPasswordDerivedFromTheSecret() throws Exception {
        Files.writeString(dir.resolve("base.conf"), "use-auth-secret\nno-cli\nrealm=otter\n");

        assertThat(runEntrypoint()).as(Files.readString(dir.resolve("entrypoint.out"))).isZero();

        // otter-revoker.sh (the task's other container) derives the same password from the same secret.
        String derived = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(("otter-coturn-cli:" + SECRET).getBytes(StandardCharsets.UTF_8)));
        String config = Files.readString(record.resolve("config.seen"));
        assertThat(config).doesNotContain("no-cli")
                .contains("\ncli-ip=127.0.0.1\n").contains("\ncli-port=5766\n").contains("\ncli-password=" + derived + "\n");
        assertThat(recordedArgs("turnserver.args")).noneMatch(arg -> arg.contains(derived));
    }
}
