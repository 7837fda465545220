package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otter.core.OtterException;
import dev.otter.core.RoomOptions;
import dev.otter.core.RoomTokens;
import dev.otter.core.Rooms;
import dev.otter.core.webhook.WebhookEvent;
import dev.otter.core.webhook.WebhookPublisher;
import dev.otter.lambda.Json;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code POST /createRoom} (API key): a new room and its guest and host links, {@code …/room/<id>#token=<jwt>}.
 * The links deliberately lack the room secret {@code &k=…} that keys the participants' end-to-end encryption of
 * signaling: a server that made it would have seen it, so the developer's backend adds it (docs/http-api.md,
 * "Room links"). With an {@value #IDEMPOTENCY_HEADER} header a retry of the same request with the same API key
 * gets the same room.
 */
public final class CreateRoomHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    public static final String IDEMPOTENCY_HEADER = "idempotency-key";
    /** Printable ASCII without spaces, as the IETF draft on the header and Stripe's keys have it. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final Rooms rooms;
    private final RoomTokens tokens;
    private final String webAppUrl;
    private final WebhookPublisher webhooks;
    private final Clock clock;

    public CreateRoomHandler() {
        this(LambdaServices.instance());
    }

    public CreateRoomHandler(OtterServices services) {
        this.rooms = new Rooms(services.roomStore(), services.clock());
        this.tokens = services.roomTokens();
        this.webAppUrl = services.webAppUrl();
        this.webhooks = services.webhookPublisher();
        this.clock = services.clock();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> {
            ObjectNode body = Http.body(event);
            RoomOptions options = options(body);
            Rooms.GuestLink guestLink = guestLink(body);
            Optional<String> idempotencyKey = Http.header(event.getHeaders(), IDEMPOTENCY_HEADER);
            Rooms.CreatedRoom created;
            if (idempotencyKey.isPresent()) {
                if (!IDEMPOTENCY_KEY.matcher(idempotencyKey.get()).matches()) {
                    throw OtterException.invalidField("Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
                }
                // Scoped by the caller's API key (which the authorizer has checked), so no key can see another's rooms.
                String apiKey = Http.apiKey(event.getHeaders()).orElse("");
                created = rooms.createOnce(sha256(apiKey + "\n" + idempotencyKey.get()), sha256(body.toString()), options, guestLink, tokens);
            } else {
                created = rooms.create(options, guestLink, tokens);
            }
            var room = created.room();
            // A retried Idempotency-Key returns the room it made before, which was announced then.
            if (created.creation() == Rooms.Creation.NEW) webhooks.publish(WebhookEvent.roomCreated(room.roomId(), clock.instant()));
            return Http.json(201, new HttpBodies.CreatedRoom(room.roomId(),
                    created.guestToken() == null ? null : Http.roomLink(webAppUrl, room.roomId(), created.guestToken()),
                    Http.roomLink(webAppUrl, room.roomId(), created.hostToken()),
                    room.expiresAt().toString(), room.options().maxParticipants(), room.options().ttlHours(),
                    room.options().name(), room.options().relayOnly(), room.options().lobby(), room.options().embedOrigins()));
        });
    }

    private static RoomOptions options(ObjectNode body) {
        RoomOptions defaults = RoomOptions.defaults();
        return new RoomOptions(
                Json.integer(body, "maxParticipants").orElse(defaults.maxParticipants()),
                Json.integer(body, "ttlHours").orElse(defaults.ttlHours()),
                Json.text(body, "name").orElse(null),
                Json.bool(body, "relayOnly").orElse(defaults.relayOnly()),
                Json.bool(body, "lobby").orElse(defaults.lobby()),
                Json.strings(body, "embedOrigins").orElse(defaults.embedOrigins()));
    }

    /** {@code "guestLink": "shared"} (the default) or {@code "none"}: guests come only with per-person links. */
    private static Rooms.GuestLink guestLink(ObjectNode body) {
        return switch (Json.text(body, "guestLink").orElse("shared")) {
            case "shared" -> Rooms.GuestLink.SHARED;
            case "none" -> Rooms.GuestLink.NONE;
            default -> throw OtterException.invalidField("guestLink must be \"shared\" or \"none\"");
        };
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
