package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.otter.config.OtterRoute;
import dev.otter.core.webhook.Webhooks;
import dev.otter.lambda.Json;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;

/**
 * {@code POST /webhooks}, {@code GET /webhooks}, {@code DELETE /webhooks/{id}} and {@code GET /webhooks/deadLetters}
 * (API key): registering an endpoint (its signing secret is in this answer only), listing and deleting them, and
 * reading the deliveries given up on.
 */
public final class WebhooksHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Webhooks webhooks;

    public WebhooksHandler() {
        this(LambdaServices.instance());
    }

    public WebhooksHandler(OtterServices services) {
        this.webhooks = services.webhooks();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> {
            String route = event.getRouteKey() == null ? "" : event.getRouteKey();
            if (route.equals(OtterRoute.REGISTER_WEBHOOK.routeKey())) {
                Webhooks.Registered registered = webhooks.register(Json.text(Http.body(event), "url").orElse(null));
                return Http.json(201, HttpBodies.RegisteredWebhook.of(registered));
            }
            if (route.equals(OtterRoute.LIST_WEBHOOKS.routeKey())) {
                return Http.json(200, new HttpBodies.WebhookList(webhooks.list().stream().map(HttpBodies.WebhookView::of).toList()));
            }
            if (route.equals(OtterRoute.DELETE_WEBHOOK.routeKey())) {
                String id = Http.pathParameter(event, "id").orElse("");
                webhooks.delete(id);
                return Http.json(200, new HttpBodies.DeletedWebhook(id, true));
            }
            if (route.equals(OtterRoute.LIST_WEBHOOK_DEAD_LETTERS.routeKey())) {
                return Http.json(200, new HttpBodies.DeadLetterList(
                        webhooks.deadLetters().stream().map(HttpBodies.DeadLetterView::of).toList()));
            }
            return Http.error(405, "method-not-allowed", "not a webhooks route");
        });
    }
}
