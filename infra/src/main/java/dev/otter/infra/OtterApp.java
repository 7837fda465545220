package dev.otter.infra;

import dev.otter.config.DeploymentCapacity;
import dev.otter.config.WebOrigins;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;

/**
 * The CDK app (cdk.json runs it from the repository root). Options come as CDK context, e.g.
 * {@code cdk deploy --all -c domain=call.example.com -c certificateArn=arn:…}; ./otter deploy sets them.
 */
public final class OtterApp {
    static final String LAMBDA_JAR = "lambdas/target/otter-lambdas-0.1.0-SNAPSHOT-lambda.jar";
    static final String WEBAPP_DIST = "webapp/dist";
    static final String COTURN_DIR = "coturn";

    private OtterApp() {}

    public static void main(String[] args) {
        App app = new App();
        OtterStacks.create(app, props(app, Path.of("").toAbsolutePath()));
        app.synth();
    }

    /** Reads the context once and checks the build outputs exist, naming the command that makes them. */
    static OtterAppProps props(App app, Path root) {
        Path jar = root.resolve(LAMBDA_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The handler jar " + jar + " is missing: run `mvn -pl lambdas -am package` "
                    + "(./otter deploy does this for you)");
        }
        Path dist = root.resolve(WEBAPP_DIST);
        if (!Files.isRegularFile(dist.resolve("index.html"))) {
            throw new IllegalStateException("The web app build " + dist + " has no index.html: run "
                    + "`npm --prefix webapp ci && npm --prefix webapp run build` (./otter deploy does this for you)");
        }
        Path coturn = root.resolve(COTURN_DIR);
        if (!Files.isRegularFile(coturn.resolve("Dockerfile"))) {
            throw new IllegalStateException("No coturn/Dockerfile under " + root + ": run the CDK from the repository root");
        }
        DeploymentCapacity capacity = new DeploymentCapacity(Integer.parseInt(context(app, "participants",
                String.valueOf(DeploymentCapacity.DEFAULT_PARTICIPANTS))));
        return new OtterAppProps(jar.toString(), dist.toString(), coturn.toString(),
                domain(app, "domain", "certificateArn", "us-east-1"),
                domain(app, "turnDomain", "turnCertificateArn", null),
                Boolean.parseBoolean(context(app, "retainData", "false")),
                Integer.parseInt(context(app, "maxTurnTasks", String.valueOf(OtterAppProps.maxTurnTasksFor(capacity)))),
                WebOrigins.parse("embedOrigins", context(app, "embedOrigins", "")),
                WebOrigins.parse("apiOrigins", context(app, "apiOrigins", "")),
                capacity);
    }

    private static CustomDomain domain(App app, String nameKey, String certificateKey, String requiredRegion) {
        String name = context(app, nameKey, "");
        String certificate = context(app, certificateKey, "");
        if (name.isEmpty() && certificate.isEmpty()) {
            return null;
        }
        if (name.isEmpty() || certificate.isEmpty()) {
            throw new IllegalArgumentException("Set both -c " + nameKey + "=… and -c " + certificateKey + "=…, or neither");
        }
        CustomDomain domain = new CustomDomain(name, certificate);
        if (requiredRegion != null && !domain.certificateRegion().equals(requiredRegion)) {
            throw new IllegalArgumentException("CloudFront only accepts certificates from " + requiredRegion + "; "
                    + certificate + " is in " + domain.certificateRegion());
        }
        return domain;
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString().trim();
    }
}
