package dev.otter.infra;

import dev.otter.config.WebOrigins;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The web app's hosting. First in the chain: the APIs need its origin for room links and CORS. */
public final class FrontendStack extends Stack {
    private final StaticSite site;

    public FrontendStack(Construct scope, String id, StackProps props, CustomDomain webDomain, WebOrigins embedOrigins) {
        super(scope, id, props);
        site = new StaticSite(this, "Site", webDomain, embedOrigins);
        CfnOutput.Builder.create(this, "WebAppUrl").value(site.url()).build();
        CfnOutput.Builder.create(this, "SiteBucketName").value(site.bucket().getBucketName()).build();
        CfnOutput.Builder.create(this, "DistributionDomainName").value(site.distribution().getDistributionDomainName()).build();
    }

    public StaticSite site() {
        return site;
    }
}
