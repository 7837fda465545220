package dev.otter.infra;

import dev.otter.config.WebAppPolicy;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Uploads the built web app into the site bucket together with {@code config.json}, whose endpoints are
 * deploy-time tokens resolved by the deployment itself: the app learns its API without a rebuild.
 *
 * <p>{@code index.html} also gets this deployment's own API hosts as its {@code connect-src}. The header policy
 * of the distribution cannot name them (the APIs are created after it: their CORS needs its origin), so it
 * allows the region's execute-api domain; a browser enforces both policies, so the page may connect only to
 * its origin and these two hosts.
 */
public final class SiteDeployment extends Construct {
    /**
     * @param site the bucket and distribution to deploy into (and invalidate)
     * @param webappDist the web app's build output (webapp/dist)
     * @param apiUrl the HTTP API's https URL, no trailing slash
     * @param wsUrl the signaling wss URL, stage included
     * @param logRemoval what happens to the deployment function's log group when the stack is deleted
     */
    public SiteDeployment(Construct scope, String id, StaticSite site, String webappDist, String apiUrl, String wsUrl,
            RemovalPolicy logRemoval) {
        super(scope, id);
        // An own log group, so that deleting the stack deletes the deployment function's logs too.
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(LambdaFactory.LOG_RETENTION)
                .removalPolicy(logRemoval)
                .build();
        BucketDeployment.Builder.create(this, "Resource")
                .logGroup(logs)
                .sources(List.of(
                        Source.asset(webappDist, AssetOptions.builder().exclude(List.of(INDEX)).build()),
                        Source.data(INDEX, withConnectPolicy(readIndex(webappDist), connectSources(apiUrl, wsUrl))),
                        Source.jsonData("config.json", Map.of("apiUrl", apiUrl, "wsUrl", wsUrl))))
                .destinationBucket(site.bucket())
                .distribution(site.distribution())
                .distributionPaths(List.of("/*"))
                .build();
        acknowledgeFindings();
    }

    static final String INDEX = "index.html";

    /** The page may talk to its own origin, this HTTP API and this WebSocket API, by host. */
    static String connectSources(String apiUrl, String wsUrl) {
        return "'self' https://" + host(apiUrl) + " wss://" + host(wsUrl);
    }

    /** {@code https://host/stage} → {@code host}, also for deploy-time tokens. */
    private static String host(String url) {
        return Fn.select(2, Fn.split("/", url));
    }

    /** The page with a CSP meta element first in its head, before anything it could load. */
    static String withConnectPolicy(String indexHtml, String connectSources) {
        String meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"" + WebAppPolicy.connectDirective(connectSources) + "\">";
        int head = indexHtml.toLowerCase(Locale.ROOT).indexOf("<head>");
        if (head < 0) {
            throw new IllegalArgumentException("the web app's index.html has no <head>: cannot add its connect-src policy");
        }
        int at = head + "<head>".length();
        return indexHtml.substring(0, at) + meta + indexHtml.substring(at);
    }

    private static String readIndex(String webappDist) {
        try {
            return Files.readString(Path.of(webappDist, INDEX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web app's " + INDEX + " in " + webappDist, e);
        }
    }

    /** The deployment runs in a singleton function CDK owns, created next to it at the stack's root. */
    private void acknowledgeFindings() {
        Stack stack = Stack.of(this);
        List<NagPackSuppression> findings = List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM4")
                        .reason("CDK's BucketDeployment function uses AWSLambdaBasicExecutionRole for its logs.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("CDK's BucketDeployment copies whole prefixes (s3:...*, bucket/*) and creates "
                                + "CloudFront invalidations, which take no resource ARN.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("CDK pins the BucketDeployment function's Python runtime with its AWS CLI layer.")
                        .build());
        for (IConstruct child : stack.getNode().getChildren()) {
            if (child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
                NagSuppressions.addResourceSuppressions(child, findings, true);
            }
        }
    }
}
