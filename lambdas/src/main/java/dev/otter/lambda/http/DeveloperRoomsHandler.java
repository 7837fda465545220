package dev.otter.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otter.core.Admission;
import dev.otter.core.Ids;
import dev.otter.core.OtterException;
import dev.otter.core.Room;
import dev.otter.core.RoomOptions;
import dev.otter.core.RoomTokens;
import dev.otter.core.Rooms;
import dev.otter.core.port.RoomListing;
import dev.otter.core.signaling.Notifier;
import dev.otter.core.signaling.SeatLifecycle;
import dev.otter.core.webhook.EndReason;
import dev.otter.lambda.Json;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

/**
 * The developer's room routes (API key): {@code GET /rooms} lists the deployment's rooms, newest first, a page at a
 * time; {@code GET /rooms/{id}} is a room with its peers; {@code PATCH /rooms/{id}} changes lobby, lock, capacity and
 * expiry; {@code DELETE /rooms/{id}} ends it.
 */
public final class DeveloperRoomsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final String CURSOR_VERSION = "v1";

    private final Rooms rooms;
    private final SeatLifecycle seats;
    private final Notifier notifier;
    private final RoomTokens tokens;
    private final String webAppUrl;
    private final java.time.Clock clock;

    public DeveloperRoomsHandler() {
        this(LambdaServices.instance());
    }

    public DeveloperRoomsHandler(OtterServices services) {
        this.rooms = new Rooms(services.roomStore(), services.clock());
        this.seats = services.seats();
        this.notifier = services.revokingNotifier();
        this.tokens = services.roomTokens();
        this.webAppUrl = services.webAppUrl();
        this.clock = services.clock();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.respond(event, () -> {
            Optional<String> id = Http.pathParameter(event, "id");
            if (id.isEmpty()) {
                if (!"GET".equals(Http.method(event))) return Http.error(405, "method-not-allowed", "use GET");
                return list(event);
            }
            String roomId = Ids.requireRoomId(id.get());
            return switch (Http.method(event)) {
                case "GET" -> {
                    Room room = rooms.find(roomId);
                    yield Http.json(200, HttpBodies.DeveloperRoom.of(room));
                }
                case "PATCH" -> change(roomId, Http.body(event));
                case "DELETE" -> {
                    SeatLifecycle.Ending ending = seats.end(roomId, EndReason.API);
                    notifier.carryOut(ending.outcome());
                    yield Http.json(200, new HttpBodies.EndedRoom(roomId, true, ending.freed()));
                }
                default -> Http.error(405, "method-not-allowed", "use GET, PATCH or DELETE");
            };
        });
    }

    private APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event) {
        RoomListing.Filter filter = switch (Http.query(event, "state").orElse("all")) {
            case "all" -> RoomListing.Filter.ALL;
            case "active" -> RoomListing.Filter.ACTIVE;
            case "ended" -> RoomListing.Filter.ENDED;
            default -> throw OtterException.invalidField("state must be all, active or ended");
        };
        int limit;
        try {
            limit = Integer.parseInt(Http.query(event, "limit").orElse(Integer.toString(RoomListing.DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            throw OtterException.invalidField("limit must be an integer");
        }
        RoomListing.Page page = rooms.list(filter, limit, Http.query(event, "cursor").map(DeveloperRoomsHandler::decodeCursor));
        Instant now = clock.instant();
        return Http.json(200, new HttpBodies.RoomList(page.rooms().stream().map(room -> new HttpBodies.RoomSummary(room.roomId(),
                room.name(), room.createdAt().toString(), room.expiresAt().toString(), room.isOpenAt(now) ? "active" : "ended",
                room.maxParticipants())).toList(), page.next().map(DeveloperRoomsHandler::encodeCursor).orElse(null)));
    }

    private APIGatewayV2HTTPResponse change(String roomId, ObjectNode body) {
        Room room = rooms.findOpen(roomId);
        Instant now = clock.instant();
        RoomOptions before = room.options();
        RoomOptions options = new RoomOptions(Json.integer(body, "maxParticipants").orElse(before.maxParticipants()), before.ttlHours(),
                before.name(), before.relayOnly(), Json.bool(body, "lobby").orElse(before.lobby()), before.embedOrigins());
        Admission admission = Json.bool(body, "locked").map(locked -> locked ? Admission.LOCKED : Admission.OPEN).orElse(room.admission());
        Instant expiresAt = Json.text(body, "expiresAt").map(text -> extendedExpiry(room, text, now)).orElse(room.expiresAt());
        SeatLifecycle.Changed changed = seats.changeSettings(roomId, options, expiresAt, admission);
        notifier.carryOut(changed.outcome());
        Room after = changed.room();
        String url = null;
        String hostUrl = null;
        if (!expiresAt.equals(room.expiresAt())) {
            // Tokens carry their expiry: links issued before still end at the old one, so the room gets new ones.
            Rooms.CreatedRoom links = rooms.tokensFor(after, tokens);
            url = links.guestToken() == null ? null : Http.roomLink(webAppUrl, roomId, links.guestToken());
            hostUrl = Http.roomLink(webAppUrl, roomId, links.hostToken());
        }
        return Http.json(200, new HttpBodies.ChangedRoom(roomId, after.expiresAt().toString(), after.options().maxParticipants(),
                after.options().lobby(), after.admission() == Admission.LOCKED, after.participants(), url, hostUrl));
    }

    /** @throws OtterException INVALID_FIELD unless {@code text} is an instant no earlier than the current expiry and in range */
    private static Instant extendedExpiry(Room room, String text, Instant now) {
        Instant requested;
        try {
            requested = Instant.parse(text).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw OtterException.invalidField("expiresAt must be an ISO-8601 instant, e.g. 2026-12-24T18:00:00Z");
        }
        if (requested.isBefore(room.expiresAt())) {
            throw OtterException.invalidField("expiresAt can only move later than " + room.expiresAt() + "; end the room to stop it");
        }
        Instant latest = now.plus(Duration.ofHours(RoomOptions.MAX_TTL_HOURS));
        if (requested.isAfter(latest)) {
            throw OtterException.invalidField("expiresAt must be at most " + RoomOptions.MAX_TTL_HOURS + " hours from now");
        }
        return requested;
    }

    static String encodeCursor(RoomListing.Cursor cursor) {
        String plain = CURSOR_VERSION + "." + cursor.createdAt().getEpochSecond() + "." + cursor.roomId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws OtterException INVALID_FIELD for anything {@link #encodeCursor} did not make */
    static RoomListing.Cursor decodeCursor(String cursor) {
        OtterException invalid = OtterException.invalidField("cursor must be a nextCursor this API returned");
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split("\\.", -1);
            if (parts.length != 3 || !CURSOR_VERSION.equals(parts[0])) throw invalid;
            return new RoomListing.Cursor(Instant.ofEpochSecond(Long.parseLong(parts[1])), Ids.requireRoomId(parts[2]));
        } catch (IllegalArgumentException | OtterException | java.time.DateTimeException e) {
            throw invalid;
        }
    }
}
