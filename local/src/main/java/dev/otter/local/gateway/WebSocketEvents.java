package dev.otter.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Builds the events API Gateway's WebSocket API sends: the REQUEST authorizer's and the routes'. */
final class WebSocketEvents {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** What API Gateway knows about a connection from its upgrade request on. */
    record Origin(
            String connectionId, Instant connectedAt, String domainName, String sourceIp, String userAgent,
            Map<String, String> headers, Map<String, String> queryStringParameters) {}

    static String methodArn(String routeKey) {
        return "arn:aws:execute-api:local:" + HttpEvents.ACCOUNT_ID + ":" + HttpEvents.API_ID + "/"
                + HttpEvents.STAGE + "/" + routeKey;
    }

    static APIGatewayCustomAuthorizerEvent connectAuthorizerEvent(Origin origin) {
        APIGatewayCustomAuthorizerEvent.Identity identity = new APIGatewayCustomAuthorizerEvent.Identity();
        identity.setSourceIp(origin.sourceIp());
        APIGatewayCustomAuthorizerEvent.RequestContext context = new APIGatewayCustomAuthorizerEvent.RequestContext();
        context.setAccountId(HttpEvents.ACCOUNT_ID);
        context.setApiId(HttpEvents.API_ID);
        context.setStage(HttpEvents.STAGE);
        context.setRequestId(UUID.randomUUID().toString());
        context.setIdentity(identity);
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setVersion("1.0");
        event.setType("REQUEST");
        event.setMethodArn(methodArn("$connect"));
        event.setHeaders(origin.headers());
        event.setQueryStringParameters(origin.queryStringParameters());
        event.setRequestContext(context);
        return event;
    }

    static APIGatewayV2WebSocketEvent routeEvent(
            Origin origin, String routeKey, String eventType, Map<String, Object> authorizer, String body,
            boolean base64) {
        Instant now = Instant.now();
        APIGatewayV2WebSocketEvent.RequestIdentity identity = new APIGatewayV2WebSocketEvent.RequestIdentity();
        identity.setSourceIp(origin.sourceIp());
        identity.setUserAgent(origin.userAgent());
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey(routeKey);
        context.setEventType(eventType);
        context.setMessageDirection("IN");
        context.setConnectionId(origin.connectionId());
        context.setConnectedAt(origin.connectedAt().toEpochMilli());
        context.setDomainName(origin.domainName());
        context.setStage(HttpEvents.STAGE);
        context.setApiId(HttpEvents.API_ID);
        context.setAccountId(HttpEvents.ACCOUNT_ID);
        context.setRequestId(UUID.randomUUID().toString());
        context.setExtendedRequestId(context.getRequestId());
        context.setRequestTime(REQUEST_TIME.format(now));
        context.setRequestTimeEpoch(now.toEpochMilli());
        context.setIdentity(identity);
        context.setAuthorizer(new LinkedHashMap<>(authorizer));
        if (eventType.equals("MESSAGE")) {
            context.setMessageId(UUID.randomUUID().toString());
        }
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        event.setIsBase64Encoded(base64);
        if (eventType.equals("CONNECT")) {
            // Only $connect carries the upgrade request's headers and query string.
            event.setHeaders(origin.headers());
            event.setQueryStringParameters(origin.queryStringParameters());
        }
        event.setBody(body);
        return event;
    }

    private WebSocketEvents() {}
}
