package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otter.core.Ids;
import dev.otter.core.Link;
import dev.otter.core.Links;
import dev.otter.core.OtterException;
import dev.otter.core.Role;
import dev.otter.core.RoomTokens;
import dev.otter.core.signaling.Notifier;
import dev.otter.core.signaling.SeatLifecycle;
import dev.otter.lambda.Json;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Per-person links (API key): {@code POST /rooms/{id}/links} makes one (its {@code url} shown this once),
 * {@code GET /rooms/{id}/links} lists a room's (without tokens), {@code DELETE /rooms/{id}/links/{linkId}} revokes one
 * and disconnects whoever holds a seat with it.
 */
public final class RoomLinksHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Links links;
    private final SeatLifecycle seats;
    private final Notifier notifier;
    private final RoomTokens tokens;
    private final String webAppUrl;

    public RoomLinksHandler() {
        this(LambdaServices.instance());
    }

    public RoomLinksHandler(OtterServices services) {
        this.links = new Links(services.roomStore(), services.clock());
        this.seats = services.seats();
        this.notifier = services.revokingNotifier();
        this.tokens = services.roomTokens();
        this.webAppUrl = services.webAppUrl();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> {
            String roomId = Ids.requireRoomId(Http.pathParameter(event, "id").orElse(""));
            Optional<String> linkId = Http.pathParameter(event, "linkId");
            String method = Http.method(event);
            if (linkId.isPresent()) {
                if (!"DELETE".equals(method)) return Http.error(405, "method-not-allowed", "use DELETE");
                String revoked = Links.requireLinkId(linkId.get());
                notifier.carryOut(seats.revokeLink(roomId, revoked));
                return Http.json(200, HttpBodies.LinkView.of(links.list(roomId).stream()
                        .filter(link -> link.linkId().equals(revoked)).findFirst()
                        .orElseThrow(() -> new OtterException(dev.otter.core.Problem.LINK_NOT_FOUND, "no such link in this room"))));
            }
            return switch (method) {
                case "POST" -> {
                    Links.Created created = links.create(roomId, request(Http.body(event)), tokens);
                    yield Http.json(201, HttpBodies.CreatedLink.of(created.link(), Http.roomLink(webAppUrl, roomId, created.token())));
                }
                case "GET" -> Http.json(200, new HttpBodies.LinkList(links.list(roomId).stream().map(HttpBodies.LinkView::of).toList()));
                default -> Http.error(405, "method-not-allowed", "use GET or POST");
            };
        });
    }

    private static Links.Request request(ObjectNode body) {
        Role role;
        try {
            role = Role.fromWire(Json.text(body, "role").orElse("guest"));
        } catch (IllegalArgumentException e) {
            throw OtterException.invalidField("role must be \"guest\" or \"host\"");
        }
        Instant expiresAt = Json.text(body, "expiresAt").map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw OtterException.invalidField("expiresAt must be an ISO-8601 instant, e.g. 2026-12-24T18:00:00Z");
            }
        }).orElse(null);
        Link.Use use = Json.bool(body, "singleUse").orElse(false) ? Link.Use.SINGLE : Link.Use.REUSABLE;
        return new Links.Request(role, Json.text(body, "name").orElse(null), expiresAt, use);
    }
}
