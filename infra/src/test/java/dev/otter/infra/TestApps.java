package dev.otter.infra;

import dev.otter.config.DeploymentCapacity;
import dev.otter.config.WebOrigins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizing costs seconds, so each variant of the app is built once per test JVM and shared. The handler
 * code and the web app are small stand-ins; the coturn image directory is the real one.
 */
final class TestApps {
    static final String WEB_DOMAIN = "call.example.com";
    static final String WEB_CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
    static final String TURN_DOMAIN = "turn.example.com";
    static final String TURN_CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/66666666-7777-8888-9999-000000000000";

    /** The withDomains app lets this site frame the web app; the plain one lets nobody. */
    static final String EMBEDDING_SITE = "https://portal.example.com";
    /** The withDomains app lets this site's own UI call the API; the plain one only the web app. */
    static final String SDK_SITE = "https://app.example.org";
    /** The capacity {@link #withDomains()} is built for; {@link #plain()} has the default. */
    static final DeploymentCapacity SMALL = new DeploymentCapacity(300);
    private static Built plain;
    private static Built withDomains;

    record Built(App app, OtterStacks stacks) {
        Template template(Function<OtterStacks, software.amazon.awscdk.Stack> stack) {
            return Template.fromStack(stack.apply(stacks));
        }
    }

    private TestApps() {}

    /** No custom domains, data destroyed with the stacks. */
    static synchronized Built plain() {
        if (plain == null) {
            plain = build(null, null, false, DeploymentCapacity.DEFAULT);
        }
        return plain;
    }

    /** Custom web domain and TURN TLS, data retained. */
    static synchronized Built withDomains() {
        if (withDomains == null) {
            withDomains = build(new CustomDomain(WEB_DOMAIN, WEB_CERTIFICATE), new CustomDomain(TURN_DOMAIN, TURN_CERTIFICATE), true,
                    SMALL);
        }
        return withDomains;
    }

    static Built build(CustomDomain web, CustomDomain turn, boolean retainData, DeploymentCapacity capacity) {
        try {
            Path assets = Files.createTempDirectory("otter-infra-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(assets)));
            Path code = Files.createDirectories(assets.resolve("code"));
            Files.writeString(code.resolve("stand-in.txt"), "handler jar stand-in for template tests");
            Path dist = Files.createDirectories(assets.resolve("dist"));
            Files.writeString(dist.resolve("index.html"), "<!doctype html><html><head><title>Otter</title></head></html>");
            App app = new App(AppProps.builder().outdir(assets.resolve("cdk.out").toString()).build());
            OtterAppProps props = new OtterAppProps(code.toString(), dist.toString(),
                    Repo.root().resolve("coturn").toString(), web, turn, retainData, OtterAppProps.maxTurnTasksFor(capacity),
                    web == null ? WebOrigins.NONE : WebOrigins.parse("embedOrigins", EMBEDDING_SITE),
                    web == null ? WebOrigins.NONE : WebOrigins.parse("apiOrigins", SDK_SITE), capacity);
            return new Built(app, OtterStacks.create(app, props));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Only a temp folder is left behind; nothing to report at JVM exit.
        }
    }
}
