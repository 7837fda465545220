package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.OtterAuthorizer;
import dev.otter.config.OtterFunction;
import dev.otter.config.OtterRoute;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Template;

/**
 * The synthesized templates read the way API Gateway and Lambda read them, against the route table and the
 * handler jar: every route API Gateway may select reaches its function's SnapStart alias and is allowed to
 * invoke it, every authorizer is configured for what its code returns, and every Java handler string resolves
 * to a class and method in the deployed jar. Our local gateway never checks any of this.
 */
class RouteContractTest {
    private static final String REGION = "eu-west-1";
    private static final String ACCOUNT = "123456789012";
    private static final String EVENTS = "com.amazonaws.services.lambda.runtime.events.";

    private static URLClassLoader handlerJar;

    @BeforeAll
    static void openHandlerJar() throws Exception {
        Path jar = Repo.root().resolve(OtterApp.LAMBDA_JAR);
        assertThat(jar).as("the shaded handler jar; `mvn verify` from the repository root packages it before these tests")
                .isRegularFile();
        // Only the jar, over the platform loader: exactly what the Lambda runtime has.
        handlerJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void closeHandlerJar() throws Exception {
        handlerJar.close();
    }

    private static Template templateOf(OtterRoute.Api api) {
        return api == OtterRoute.Api.HTTP ? TestApps.plain().template(OtterStacks::api)
                : TestApps.plain().template(OtterStacks::signaling);
    }

    @ParameterizedTest
    @EnumSource(OtterRoute.Api.class)
    void templateRoutes_areExactlyTheTablesRoutes(OtterRoute.Api api) {
        List<String> deployed = templateOf(api).findResources("AWS::ApiGatewayV2::Route").values().stream()
                .map(route -> Templates.properties(route).get("RouteKey").toString()).toList();
        assertThat(deployed).containsExactlyInAnyOrderElementsOf(
                OtterRoute.of(api).stream().map(OtterRoute::routeKey).toList());
    }

    @ParameterizedTest
    @EnumSource(OtterRoute.class)
    void route_reachesItsFunctionsLiveAlias_throughItsOwnIntegration(OtterRoute route) {
        Template template = templateOf(route.api());
        Map<String, Object> integration = integrationOf(template, route);

        assertThat(integration).containsEntry("IntegrationType", "AWS_PROXY");
        if (route.api() == OtterRoute.Api.HTTP) {
            assertThat(integration).containsEntry("PayloadFormatVersion", "2.0");
        }
        assertThat(aliasesReferencedBy(template, integration.get("IntegrationUri")))
                .as("%s must invoke the SnapStart alias (not $LATEST)", route.routeKey())
                .containsExactly(aliasOf(template, route.function()));
    }

    @ParameterizedTest
    @EnumSource(OtterRoute.class)
    void apiGateway_mayInvokeTheRoutesFunction_forThatRoutesInvokeArn(OtterRoute route) {
        Template template = templateOf(route.api());
        String apiId = apiId(template, route.api());
        String invokeArn = route.api() == OtterRoute.Api.WEBSOCKET
                ? executeApiArn(apiId + "/" + SignalingApi.STAGE + "/" + route.routeKey())
                : executeApiArn(apiId + "/$default/" + route.method() + route.path());

        assertThat(permissionPatterns(template, aliasOf(template, route.function())))
                .as("SourceArn patterns of the invoke permissions of %s's alias", route.function())
                .anyMatch(pattern -> arnLike(pattern, invokeArn));
    }

    @ParameterizedTest
    @EnumSource(OtterAuthorizer.class)
    void apiGateway_mayInvokeTheAuthorizersFunction_forThatAuthorizer(OtterAuthorizer which) {
        Template template = templateOf(which.api());
        String authorizerId = authorizerId(template, which);
        Map<String, Object> authorizer = Templates.properties(
                template.findResources("AWS::ApiGatewayV2::Authorizer").get(authorizerId));
        String alias = aliasOf(template, which.function());

        assertThat(aliasesReferencedBy(template, authorizer.get("AuthorizerUri"))).containsExactly(alias);
        String invokeArn = executeApiArn(apiId(template, which.api()) + "/authorizers/" + authorizerId);
        assertThat(permissionPatterns(template, alias)).anyMatch(pattern -> arnLike(pattern, invokeArn));
    }

    @ParameterizedTest
    @EnumSource(OtterAuthorizer.class)
    void authorizer_isConfiguredForWhatItsHandlerReturns_andTheIdentityItReads(OtterAuthorizer which) throws Exception {
        Template template = templateOf(which.api());
        Map<String, Object> authorizer = Templates.properties(
                template.findResources("AWS::ApiGatewayV2::Authorizer").get(authorizerId(template, which)));
        Method handleRequest = handleRequest(which.function());
        List<Object> identity = which.identitySource() == null ? List.of()
                : List.of(which.identitySource().expression(which.api()));

        assertThat(authorizer).containsEntry("AuthorizerType", "REQUEST");
        assertThat((List<?>) authorizer.getOrDefault("IdentitySource", List.of())).isEqualTo(identity);
        if (which.api() == OtterRoute.Api.HTTP) {
            // Simple responses are {"isAuthorized": …, "context": …}: what SimpleIAMPolicyResponse serializes to.
            assertThat(handleRequest.getParameterTypes()[0].getName()).isEqualTo(EVENTS + "APIGatewayV2CustomAuthorizerEvent");
            assertThat(handleRequest.getReturnType().getName()).isEqualTo(EVENTS + "SimpleIAMPolicyResponse");
            assertThat(authorizer).containsEntry("EnableSimpleResponses", true)
                    .containsEntry("AuthorizerPayloadFormatVersion", "2.0")
                    .containsEntry("AuthorizerResultTtlInSeconds", which.cacheSeconds());
        } else {
            // A WebSocket REQUEST authorizer must answer with an IAM policy; there is no simple response.
            assertThat(handleRequest.getParameterTypes()[0].getName()).isEqualTo(EVENTS + "APIGatewayCustomAuthorizerEvent");
            assertThat(handleRequest.getReturnType().getName()).isEqualTo(EVENTS + "IamPolicyResponseV1");
            assertThat(authorizer).doesNotContainKey("EnableSimpleResponses");
        }
    }

    @ParameterizedTest
    @EnumSource(OtterRoute.class)
    void route_isAuthorizedExactlyAsTheTableSays(OtterRoute route) {
        Template template = templateOf(route.api());
        Map<String, Object> properties = routeOf(template, route);
        if (route.authorizer() == null) {
            assertThat(properties.getOrDefault("AuthorizationType", "NONE")).isEqualTo("NONE");
        } else {
            assertThat(properties).containsEntry("AuthorizationType", "CUSTOM");
            assertThat(properties.get("AuthorizerId").toString()).contains(authorizerId(template, route.authorizer()));
        }
    }

    @ParameterizedTest
    @EnumSource(OtterRoute.class)
    void routeFunction_takesTheEventItsApiSends(OtterRoute route) throws Exception {
        Method handleRequest = handleRequest(route.function());
        String event = route.api() == OtterRoute.Api.HTTP ? "APIGatewayV2HTTPEvent" : "APIGatewayV2WebSocketEvent";
        String answer = route.api() == OtterRoute.Api.HTTP ? "APIGatewayV2HTTPResponse" : "APIGatewayV2WebSocketResponse";
        assertThat(handleRequest.getParameterTypes()[0].getName()).isEqualTo(EVENTS + event);
        assertThat(handleRequest.getReturnType().getName()).isEqualTo(EVENTS + answer);
    }

    @Test
    void everyJavaHandlerString_resolvesToAPublicClassWithANoArgConstructorAndHandleRequest_inTheJar() throws Exception {
        List<String> handlers = new ArrayList<>();
        for (Template template : List.of(templateOf(OtterRoute.Api.HTTP), templateOf(OtterRoute.Api.WEBSOCKET))) {
            template.findResources("AWS::Lambda::Function").values().stream().map(Templates::properties)
                    .filter(properties -> properties.get("Runtime").toString().startsWith("java"))
                    .forEach(properties -> handlers.add(properties.get("Handler").toString()));
        }
        assertThat(handlers).hasSize(OtterFunction.values().length);
        for (String handler : handlers) {
            String[] parts = handler.split("::");
            assertThat(parts).as(handler).hasSize(2);
            Class<?> type = Class.forName(parts[0], false, handlerJar);
            assertThat(Modifier.isPublic(type.getModifiers())).as(handler).isTrue();
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).as(handler).isTrue();
            assertThat(Arrays.stream(type.getMethods()).filter(method -> method.getName().equals(parts[1])))
                    .as(handler).isNotEmpty();
        }
    }

    @Test
    void routeSelectionExpression_namesTheFieldTheWebClientSendsItsActionIn() throws Exception {
        Map<String, Object> api = Templates.only(templateOf(OtterRoute.Api.WEBSOCKET), "AWS::ApiGatewayV2::Api",
                Map.of("ProtocolType", "WEBSOCKET"));
        String expression = api.get("RouteSelectionExpression").toString();
        assertThat(expression).startsWith("$request.body.");
        String field = expression.substring("$request.body.".length());

        String client = Files.readString(Repo.root().resolve("webapp/src/sdk/signaling-client.ts"));
        Matcher sends = Pattern.compile("this\\.send(?:Now|OrQueue)\\(\\{\\s*(\\w+):").matcher(client);
        Set<String> fields = new LinkedHashSet<>();
        while (sends.find()) {
            fields.add(sends.group(1));
        }
        assertThat(fields).containsExactly(field);
    }

    // ---- reading the template as API Gateway and Lambda do ----

    private static Map<String, Object> routeOf(Template template, OtterRoute route) {
        return Templates.only(template, "AWS::ApiGatewayV2::Route", Map.of("RouteKey", route.routeKey()));
    }

    private static Map<String, Object> integrationOf(Template template, OtterRoute route) {
        String target = routeOf(template, route).get("Target").toString();
        List<Map<String, Object>> found = template.findResources("AWS::ApiGatewayV2::Integration").entrySet().stream()
                .filter(entry -> target.contains(entry.getKey()))
                .map(entry -> Templates.properties(entry.getValue())).toList();
        assertThat(found).as("integration of %s", route.routeKey()).hasSize(1);
        return found.get(0);
    }

    private static String aliasOf(Template template, OtterFunction function) {
        return SignalingStackTest.aliasOf(template, Templates.function(function, List.of(template)).logicalId());
    }

    private static String apiId(Template template, OtterRoute.Api api) {
        String protocol = api == OtterRoute.Api.HTTP ? "HTTP" : "WEBSOCKET";
        return template.findResources("AWS::ApiGatewayV2::Api").entrySet().stream()
                .filter(entry -> protocol.equals(Templates.properties(entry.getValue()).get("ProtocolType")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private static String authorizerId(Template template, OtterAuthorizer which) {
        String alias = aliasOf(template, which.function());
        List<String> found = template.findResources("AWS::ApiGatewayV2::Authorizer").entrySet().stream()
                .filter(entry -> aliasesReferencedBy(template, Templates.properties(entry.getValue()).get("AuthorizerUri"))
                        .contains(alias))
                .map(Map.Entry::getKey).toList();
        assertThat(found).as("authorizer of %s", which).hasSize(1);
        return found.get(0);
    }

    /** The logical ids of Lambda aliases a property refers to ({@code Ref}), wherever in its intrinsics. */
    private static Set<String> aliasesReferencedBy(Template template, Object value) {
        Set<String> aliases = template.findResources("AWS::Lambda::Alias").keySet();
        Set<String> referenced = new LinkedHashSet<>();
        Matcher refs = Pattern.compile("Ref=([A-Za-z0-9]+)").matcher(String.valueOf(value));
        while (refs.find()) {
            if (aliases.contains(refs.group(1))) {
                referenced.add(refs.group(1));
            }
        }
        return referenced;
    }

    /** The SourceArn patterns of every API Gateway invoke permission on the alias. */
    private static List<String> permissionPatterns(Template template, String alias) {
        return template.findResources("AWS::Lambda::Permission").values().stream().map(Templates::properties)
                .filter(permission -> "lambda:InvokeFunction".equals(permission.get("Action")))
                .filter(permission -> "apigateway.amazonaws.com".equals(permission.get("Principal")))
                .filter(permission -> aliasesReferencedBy(template, permission.get("FunctionName")).contains(alias))
                .map(permission -> render(permission.get("SourceArn"))).toList();
    }

    private static String executeApiArn(String resource) {
        return "arn:aws:execute-api:" + REGION + ":" + ACCOUNT + ":" + resource;
    }

    /** A template value as a string, pseudo parameters filled in and other references as their logical id. */
    @SuppressWarnings("unchecked")
    private static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> intrinsic = (Map<String, Object>) value;
        if (intrinsic.containsKey("Ref")) {
            return switch (intrinsic.get("Ref").toString()) {
                case "AWS::Partition" -> "aws";
                case "AWS::Region" -> REGION;
                case "AWS::AccountId" -> ACCOUNT;
                case "AWS::URLSuffix" -> "amazonaws.com";
                default -> intrinsic.get("Ref").toString();
            };
        }
        if (intrinsic.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) intrinsic.get("Fn::Join");
            StringBuilder joined = new StringBuilder();
            List<Object> parts = (List<Object>) join.get(1);
            for (int i = 0; i < parts.size(); i++) {
                joined.append(i == 0 ? "" : join.get(0)).append(render(parts.get(i)));
            }
            return joined.toString();
        }
        throw new AssertionError("a SourceArn this test cannot read: " + value);
    }

    /** IAM's ArnLike: {@code *} matches any run of characters, {@code ?} one. */
    private static boolean arnLike(String pattern, String arn) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return arn.matches(regex.toString());
    }

    private static Method handleRequest(OtterFunction function) throws Exception {
        Class<?> type = Class.forName(function.handlerClass(), false, handlerJar);
        List<Method> methods = Arrays.stream(type.getMethods())
                .filter(method -> method.getName().equals("handleRequest") && !method.isBridge()
                        && method.getParameterCount() == 2)
                .toList();
        assertThat(methods).as("%s.handleRequest(event, context)", function.handlerClass()).hasSize(1);
        return methods.get(0);
    }
}
