package dev.otter.infra;

import dev.otter.config.WebAppPolicy;
import dev.otter.config.WebOrigins;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The web app: a private bucket served only through CloudFront (origin access control), with room links
 * routed to the single-page app and security headers on every response.
 */
public final class StaticSite extends Construct {
    private final Bucket bucket;
    private final Distribution distribution;
    private final String url;
    private final WebOrigins embedOrigins;

    /**
     * @param domain a custom host name and its us-east-1 certificate, or {@code null} for the CloudFront name
     * @param embedOrigins the sites that may show the app in an iframe; {@link WebOrigins#NONE} forbids framing
     */
    public StaticSite(Construct scope, String id, CustomDomain domain, WebOrigins embedOrigins) {
        super(scope, id);
        this.embedOrigins = embedOrigins;
        // Only build output lives here and the deploy re-uploads it, so it is always removed with the stack
        // (./otter destroy empties it first).
        bucket = Bucket.Builder.create(this, "Bucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        software.amazon.awscdk.services.cloudfront.Function routing =
                software.amazon.awscdk.services.cloudfront.Function.Builder.create(this, "SpaRouting")
                        .comment("Serves index.html for /room/<id> links")
                        .runtime(FunctionRuntime.JS_2_0)
                        .code(FunctionCode.fromInline(Resources.read("spa-routing.js")))
                        .build();
        Distribution.Builder site = Distribution.Builder.create(this, "Resource")
                .comment("Otter web app")
                .defaultRootObject("index.html")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headersPolicy())
                        .functionAssociations(List.of(FunctionAssociation.builder()
                                .eventType(FunctionEventType.VIEWER_REQUEST)
                                .function(routing)
                                .build()))
                        .build());
        if (domain != null) {
            site.domainNames(List.of(domain.name()))
                    .certificate(Certificate.fromCertificateArn(this, "Certificate", domain.certificateArn()))
                    .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021);
        }
        distribution = site.build();
        url = "https://" + (domain != null ? domain.name() : distribution.getDistributionDomainName());
        acknowledgeFindings(domain != null);
    }

    public IBucket bucket() {
        return bucket;
    }

    public Distribution distribution() {
        return distribution;
    }

    /** The web app's origin, e.g. {@code https://d111.cloudfront.net}: room links and CORS use it. */
    public String url() {
        return url;
    }

    /**
     * The header policy ({@link WebAppPolicy}). The API hosts are created after this stack (their CORS needs
     * this origin), so it allows the region's execute-api domain; the deployed index.html narrows that to the
     * deployment's two hosts (SiteDeployment).
     */
    String contentSecurityPolicy() {
        Stack stack = Stack.of(this);
        String apis = "*.execute-api." + stack.getRegion() + "." + stack.getUrlSuffix();
        return WebAppPolicy.contentSecurityPolicy("'self' https://" + apis + " wss://" + apis, embedOrigins);
    }

    private ResponseHeadersPolicy headersPolicy() {
        return ResponseHeadersPolicy.Builder.create(this, "Headers")
                .comment("Otter web app security headers")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(730))
                                .includeSubdomains(false)
                                .override(true)
                                .build())
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(contentSecurityPolicy())
                                .override(true)
                                .build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        // X-Frame-Options cannot name sites; where embedding is allowed, frame-ancestors alone decides.
                        .frameOptions(WebAppPolicy.denyFraming(embedOrigins) ? ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.DENY)
                                .override(true)
                                .build() : null)
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.NO_REFERRER)
                                .override(true)
                                .build())
                        .build())
                .customHeadersBehavior(ResponseCustomHeadersBehavior.builder()
                        .customHeaders(List.of(ResponseCustomHeader.builder()
                                .header("Permissions-Policy")
                                .value(WebAppPolicy.PERMISSIONS_POLICY)
                                .override(true)
                                .build()))
                        .build())
                .build();
    }

    private void acknowledgeFindings(boolean customDomain) {
        String privacy = "Privacy: Otter hosts private calls, and access logs would record every participant's IP "
                + "address and room path; the bucket holds only the public build output, re-deployed each time.";
        NagSuppressions.addResourceSuppressions(bucket, List.of(
                NagPackSuppression.builder().id("AwsSolutions-S1").reason(privacy).build()));
        List<NagPackSuppression> distributionFindings = new ArrayList<>(List.of(
                NagPackSuppression.builder().id("AwsSolutions-CFR1")
                        .reason("Calls are meant to work from anywhere; the app itself is public build output.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-CFR2")
                        .reason("The site is static files; the APIs behind it are throttled and authorized by "
                                + "API Gateway, and a WAF would add a fixed monthly cost to every idle deployment.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-CFR3").reason(privacy).build()));
        if (!customDomain) {
            distributionFindings.add(NagPackSuppression.builder().id("AwsSolutions-CFR4")
                    .reason("Without a custom domain the distribution uses the *.cloudfront.net certificate, whose "
                            + "minimum protocol CloudFront fixes; pass --domain with a certificate to get TLSv1.2_2021.")
                    .build());
        }
        NagSuppressions.addResourceSuppressions(distribution, distributionFindings);
    }
}
