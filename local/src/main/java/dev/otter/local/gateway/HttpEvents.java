package dev.otter.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** Builds the payload-2.0 events API Gateway's HTTP API sends to authorizers and integrations. */
final class HttpEvents {
    static final String API_ID = "otterlocal";
    static final String ACCOUNT_ID = "000000000000";
    static final String STAGE = "$default";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    APIGatewayV2CustomAuthorizerEvent authorizerEvent(
            HttpRoute route, Request request, String routePath, Map<String, String> pathParameters,
            Optional<String> identity) {
        Instant now = Instant.now();
        return APIGatewayV2CustomAuthorizerEvent.builder()
                .withVersion("2.0")
                .withType("REQUEST")
                .withRouteArn("arn:aws:execute-api:local:" + ACCOUNT_ID + ":" + API_ID + "/" + STAGE + "/"
                        + route.method() + routePath)
                .withIdentitySource(identity.map(List::of).orElse(null))
                .withRouteKey(route.routeKey())
                .withRawPath(routePath)
                .withRawQueryString(rawQuery(request))
                .withCookies(cookies(request))
                .withHeaders(headers(request))
                .withQueryStringParameters(queryParameters(request))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(APIGatewayV2CustomAuthorizerEvent.RequestContext.builder()
                        .withAccountId(ACCOUNT_ID)
                        .withApiId(API_ID)
                        .withDomainName(domainName(request))
                        .withDomainPrefix(API_ID)
                        .withHttp(APIGatewayV2CustomAuthorizerEvent.Http.builder()
                                .withMethod(route.method())
                                .withPath(routePath)
                                .withProtocol(request.getConnectionMetaData().getProtocol())
                                .withSourceIp(Request.getRemoteAddr(request))
                                .withUserAgent(request.getHeaders().get(HttpHeader.USER_AGENT))
                                .build())
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(route.routeKey())
                        .withStage(STAGE)
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .build())
                .build();
    }

    APIGatewayV2HTTPEvent routeEvent(
            HttpRoute route, Request request, String routePath, Map<String, String> pathParameters, byte[] body,
            Map<String, Object> authorizerContext) {
        Instant now = Instant.now();
        boolean text = isText(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(route.routeKey());
        event.setRawPath(routePath);
        event.setRawQueryString(rawQuery(request));
        event.setCookies(cookies(request));
        event.setHeaders(headers(request));
        event.setQueryStringParameters(queryParameters(request));
        event.setPathParameters(pathParameters.isEmpty() ? null : pathParameters);
        if (body.length > 0) {
            event.setBody(text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.setIsBase64Encoded(!text);
        }
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRouteKey(route.routeKey());
        context.setAccountId(ACCOUNT_ID);
        context.setStage(STAGE);
        context.setApiId(API_ID);
        context.setDomainName(domainName(request));
        context.setDomainPrefix(API_ID);
        context.setTime(REQUEST_TIME.format(now));
        context.setTimeEpoch(now.toEpochMilli());
        context.setRequestId(UUID.randomUUID().toString());
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(route.method());
        http.setPath(routePath);
        http.setProtocol(request.getConnectionMetaData().getProtocol());
        http.setSourceIp(Request.getRemoteAddr(request));
        http.setUserAgent(request.getHeaders().get(HttpHeader.USER_AGENT));
        context.setHttp(http);
        if (route.authorizer() != null) {
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
                    new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            authorizer.setLambda(new LinkedHashMap<>(authorizerContext));
            context.setAuthorizer(authorizer);
        }
        event.setRequestContext(context);
        return event;
    }

    /** Payload 2.0: lower-case names; repeated headers joined with commas; cookies travel separately. */
    static Map<String, String> headers(Request request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            String name = field.getLowerCaseName();
            if (name.equals("cookie")) {
                continue;
            }
            headers.merge(name, field.getValue(), (a, b) -> a + "," + b);
        }
        return headers;
    }

    static Map<String, String> queryParameters(Request request) {
        Fields fields = Request.extractQueryParameters(request);
        if (fields.getSize() == 0) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        fields.forEach(field -> parameters.put(field.getName(), String.join(",", field.getValues())));
        return parameters;
    }

    private static List<String> cookies(Request request) {
        List<String> cookies = new ArrayList<>();
        for (String header : request.getHeaders().getValuesList(HttpHeader.COOKIE)) {
            for (String cookie : header.split(";")) {
                if (!cookie.isBlank()) {
                    cookies.add(cookie.trim());
                }
            }
        }
        return cookies.isEmpty() ? null : cookies;
    }

    private static String rawQuery(Request request) {
        String query = request.getHttpURI().getQuery();
        return query == null ? "" : query;
    }

    private static String domainName(Request request) {
        String authority = request.getHttpURI().getAuthority();
        return authority == null ? "localhost" : authority;
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded") || type.contains("javascript");
    }
}
