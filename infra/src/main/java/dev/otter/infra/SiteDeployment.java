package dev.otter.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Uploads the built web app into the site bucket together with {@code config.json}, whose endpoints are
 * deploy-time tokens resolved by the deployment itself: the app learns its API without a rebuild.
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
                .sources(List.of(Source.asset(webappDist), Source.jsonData("config.json", Map.of("apiUrl", apiUrl, "wsUrl", wsUrl))))
                .destinationBucket(site.bucket())
                .distribution(site.distribution())
                .distributionPaths(List.of("/*"))
                .build();
        acknowledgeFindings();
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
