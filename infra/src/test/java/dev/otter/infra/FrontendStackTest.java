package dev.otter.infra;

import dev.otter.config.WebOrigins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class FrontendStackTest {
    private static Template template() {
        return TestApps.plain().template(OtterStacks::frontend);
    }

    @Test
    void bucket_blocksAllPublicAccess() {
        template().hasResourceProperties("AWS::S3::Bucket", Map.of("PublicAccessBlockConfiguration", Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
    }

    @Test
    void bucket_refusesPlainHttp() {
        template().hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    @Test
    void distribution_readsTheBucketThroughOriginAccessControl() {
        template().hasResourceProperties("AWS::CloudFront::OriginAccessControl", Map.of("OriginAccessControlConfig",
                Match.objectLike(Map.of("OriginAccessControlOriginType", "s3", "SigningBehavior", "always"))));
        Map<String, Object> distribution = Templates.only(template(), "AWS::CloudFront::Distribution", Map.of());
        assertThat(distribution.get("DistributionConfig").toString()).contains("OriginAccessControlId")
                .contains("ViewerProtocolPolicy=redirect-to-https");
    }

    @Test
    void roomLinks_areRoutedToTheAppByAViewerRequestFunction() {
        Map<String, Object> function = Templates.only(template(), "AWS::CloudFront::Function", Map.of());
        assertThat(function.get("FunctionCode").toString()).contains("/room/").contains("/index.html");
        Map<String, Object> distribution = Templates.only(template(), "AWS::CloudFront::Distribution", Map.of());
        assertThat(distribution.get("DistributionConfig").toString()).contains("EventType=viewer-request");
    }

    @Test
    void headersPolicy_setsHstsAndPermissionsPolicyForCallMedia() {
        Map<String, Object> policy = Templates.only(template(), "AWS::CloudFront::ResponseHeadersPolicy", Map.of());
        String config = policy.get("ResponseHeadersPolicyConfig").toString();
        assertThat(config).contains("AccessControlMaxAgeSec=63072000").contains("FrameOption=DENY").contains("ReferrerPolicy=no-referrer")
                .contains("Header=Permissions-Policy").contains("camera=(self)").contains("microphone=(self)").contains("display-capture=(self)");
    }

    @Test
    void contentSecurityPolicy_allowsOnlyTheAppAndThisRegionsApiGateway() {
        String csp = Templates.only(template(), "AWS::CloudFront::ResponseHeadersPolicy", Map.of())
                .get("ResponseHeadersPolicyConfig").toString();
        assertThat(csp).contains("default-src 'none'").contains("script-src 'self' 'wasm-unsafe-eval';")
                .contains("connect-src 'self' https://*.execute-api.").contains(" wss://*.execute-api.")
                .contains("AWS::Region").contains("media-src 'self' blob: mediastream:").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("'unsafe-eval'");
    }

    @Test
    void customDomain_isServedWithItsCertificateAndModernTls() {
        Map<String, Object> distribution = Templates.only(TestApps.withDomains().template(OtterStacks::frontend),
                "AWS::CloudFront::Distribution", Map.of());
        String config = distribution.get("DistributionConfig").toString();
        assertThat(config).contains("Aliases=[" + TestApps.WEB_DOMAIN + "]").contains(TestApps.WEB_CERTIFICATE)
                .contains("MinimumProtocolVersion=TLSv1.2_2021");
    }

    @Test
    void embedOrigins_letOnlyTheListedSitesFrameTheApp() {
        String config = Templates.only(TestApps.withDomains().template(OtterStacks::frontend),
                "AWS::CloudFront::ResponseHeadersPolicy", Map.of()).get("ResponseHeadersPolicyConfig").toString();
        assertThat(config).contains("frame-ancestors 'self' " + TestApps.EMBEDDING_SITE + ";")
                .doesNotContain("FrameOption=DENY").doesNotContain("frame-ancestors 'none'");
    }

    @Test
    void embedOrigins_refuseAnythingButAnOrigin_namingTheBadValue() {
        assertThat(WebOrigins.parse("embedOrigins", " https://Portal.example.com:8443 , http://localhost:5173,").origins())
                .containsExactly("https://portal.example.com:8443", "http://localhost:5173");
        for (String bad : List.of("https://portal.example.com/app", "http://portal.example.com", "portal.example.com", "*")) {
            assertThatThrownBy(() -> WebOrigins.parse("embedOrigins", bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
    }
}
