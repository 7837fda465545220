package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.DeploymentCapacity;
import dev.otter.config.OtterFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ApiStackTest {
    private static Template template() {
        return TestApps.plain().template(OtterStacks::api);
    }

    @Test
    @SuppressWarnings("unchecked")
    void cors_allowsOnlyTheWebAppOrigin_byDefault() {
        Map<String, Object> cors = cors(template());
        assertThat((List<?>) cors.get("AllowOrigins")).hasSize(1);
        assertThat(cors.get("AllowOrigins").toString()).contains("https://").contains("OtterFrontend").doesNotContain("\"*\"");
        assertThat((List<Object>) cors.get("AllowMethods")).containsExactlyInAnyOrder("GET", "POST", "DELETE", "OPTIONS");
        assertThat((List<Object>) cors.get("AllowHeaders")).containsExactlyInAnyOrder("Authorization", "Content-Type", "x-api-key",
                "x-otter-seat");
    }

    @Test
    void cors_alsoAllowsTheSitesADeploymentNamesForItsOwnUi() {
        @SuppressWarnings("unchecked")
        List<Object> origins = (List<Object>) cors(TestApps.withDomains().template(OtterStacks::api)).get("AllowOrigins");
        assertThat(origins).hasSize(2).contains(TestApps.SDK_SITE);
        assertThat(origins.toString()).contains(TestApps.WEB_DOMAIN);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cors(Template template) {
        Map<String, Object> api = Templates.only(template, "AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP"));
        return (Map<String, Object>) api.get("CorsConfiguration");
    }

    @Test
    void defaultStage_isThrottledForTheDeploymentsCapacityAndAccessLoggedWithoutAddresses() {
        Map<String, Object> small = Templates.only(TestApps.withDomains().template(OtterStacks::api), "AWS::ApiGatewayV2::Stage",
                Map.of("StageName", "$default"));
        // Half a request a second per participant, a burst of one each.
        assertThat(small).containsEntry("DefaultRouteSettings", Map.of(
                "ThrottlingRateLimit", TestApps.SMALL.concurrentParticipants() / 2,
                "ThrottlingBurstLimit", TestApps.SMALL.concurrentParticipants()));
        Map<String, Object> stage = Templates.only(template(), "AWS::ApiGatewayV2::Stage", Map.of("StageName", "$default"));
        assertThat(stage).containsEntry("DefaultRouteSettings", Map.of(
                "ThrottlingRateLimit", DeploymentCapacity.DEFAULT_PARTICIPANTS / 2,
                "ThrottlingBurstLimit", DeploymentCapacity.DEFAULT_PARTICIPANTS));
        assertThat(stage.get("AccessLogSettings").toString()).contains("$context.requestId").doesNotContain("sourceIp");
    }

    @Test
    void apiKeysTable_isKeyedByKeyHash_withTtl() {
        template().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "keyHash", "KeyType", "HASH")),
                "TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true)));
    }

    @Test
    void siteDeployment_uploadsTheAppWithConfigJsonOfBothEndpoints_andInvalidatesTheDistribution() {
        Map<String, Object> deployment = Templates.only(template(), "Custom::CDKBucketDeployment", Map.of());
        assertThat((List<?>) deployment.get("SourceObjectKeys")).hasSize(3);
        assertThat(deployment.get("DestinationBucketName").toString()).contains("OtterFrontend");
        assertThat(deployment.get("DistributionId").toString()).contains("OtterFrontend");
        assertThat(deployment.get("DistributionPaths")).isEqualTo(List.of("/*"));
        String markers = deployment.get("SourceMarkers").toString();
        assertThat(markers).contains("ApiEndpoint").contains("wss://").contains("/prod").contains("OtterSignaling");
    }

    @Test
    void indexHtml_mayConnectOnlyToItsOriginAndThisDeploymentsTwoApiHosts() {
        Map<String, Object> deployment = Templates.only(template(), "Custom::CDKBucketDeployment", Map.of());
        String markers = deployment.get("SourceMarkers").toString();
        // The index page's markers: both API ids, split out of their URLs at deploy time.
        assertThat(markers).contains("Fn::Split").contains("ApiEndpoint").contains("OtterSignaling");

        String page = SiteDeployment.withConnectPolicy("<!doctype html><html><head><title>x</title></head></html>",
                SiteDeployment.connectSources("https://abc123.execute-api.eu-west-1.amazonaws.com",
                        "wss://xyz789.execute-api.eu-west-1.amazonaws.com/prod"));
        assertThat(page).startsWith("<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\" "
                + "content=\"connect-src 'self' https://abc123.execute-api.eu-west-1.amazonaws.com "
                + "wss://xyz789.execute-api.eu-west-1.amazonaws.com blob:\"><title>");
    }

    @Test
    void firstApiKey_isMintedByACustomResourceThatMayOnlyPutIntoTheKeysTableAndOwnItsSecret() {
        Template template = template();
        Map<String, Object> resource = Templates.only(template, "Custom::OtterFirstApiKey", Map.of());
        assertThat(resource.get("SecretName").toString()).contains("first-api-key");
        Map<String, Object> handler = Templates.only(template, "AWS::Lambda::Function", Map.of("Handler", "index.handler", "Runtime", "nodejs24.x"));
        assertThat(handler.get("Code").toString()).contains("otr_").contains("sha256").contains("ForceDeleteWithoutRecovery");
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Action", "dynamodb:PutItem")))))))));
    }
}
