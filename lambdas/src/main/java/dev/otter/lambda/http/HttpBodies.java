package dev.otter.lambda.http;

import dev.otter.core.ApiKeys;
import dev.otter.core.Room;
import dev.otter.core.Seat;
import dev.otter.core.TurnCredentials;
import dev.otter.core.webhook.DeadLetter;
import dev.otter.core.webhook.WebhookEndpoint;
import dev.otter.core.webhook.Webhooks;
import java.util.List;
import java.util.Locale;

/** The JSON bodies of the HTTP API, as documented in docs/http-api.md. */
final class HttpBodies {
    private HttpBodies() {}

    record CreatedRoom(String roomId, String url, String hostUrl, String expiresAt, int maxParticipants, int ttlHours,
                       String name, boolean relayOnly, boolean lobby, List<String> embedOrigins) {}

    /** @param state {@code connected} (no {@code join} yet), {@code waiting} (in the lobby) or {@code joined} */
    record PeerView(String peerId, String name, String role, String joinedAt, String state) {
        static PeerView of(Seat seat) {
            return new PeerView(seat.peerId(), seat.name(), seat.role().wire(), seat.joinedAt().toString(),
                    seat.state().name().toLowerCase(Locale.ROOT));
        }
    }

    record DeveloperRoom(String roomId, String name, String expiresAt, int maxParticipants, int ttlHours, boolean relayOnly,
                         boolean lobby, List<String> embedOrigins, boolean ended, int participants, List<PeerView> peers) {
        static DeveloperRoom of(Room room) {
            return new DeveloperRoom(room.roomId(), room.options().name(), room.expiresAt().toString(),
                    room.options().maxParticipants(), room.options().ttlHours(), room.options().relayOnly(),
                    room.options().lobby(), room.options().embedOrigins(), room.ended(),
                    room.participants(), room.seatsInOrder().stream().map(PeerView::of).toList());
        }
    }

    record EndedRoom(String roomId, boolean ended, int disconnected) {}

    /** @param guestLinkStopped a host stopped the guest link: a guest token gets no new seat (a resume still works) */
    record ParticipantRoom(String roomId, String name, String expiresAt, int maxParticipants, int participants,
                           boolean relayOnly, String role, boolean lobby, List<String> embedOrigins, boolean guestLinkStopped) {}

    record IceServer(List<String> urls, String username, String credential) {}

    record Credentials(List<IceServer> iceServers, long ttlSeconds) {
        static Credentials of(TurnCredentials.IceServers servers) {
            // An RTCIceServer with no urls makes RTCPeerConnection throw, so "no TURN" is an empty list.
            List<IceServer> iceServers = servers.urls().isEmpty() ? List.of()
                    : List.of(new IceServer(servers.urls(), servers.username(), servers.credential()));
            return new Credentials(iceServers, servers.ttlSeconds());
        }
    }

    record RotatedKey(String apiKey, String id, String previousKeyId, String previousKeyExpiresAt) {}

    /** A key as listed: never the key or its hash. */
    record ApiKeyView(String id, String createdAt, String state, String expiresAt, String revokedAt) {
        static ApiKeyView of(ApiKeys.KeyView key) {
            return new ApiKeyView(key.id(), key.createdAt().toString(), key.state().name().toLowerCase(Locale.ROOT),
                    key.expiresAt() == null ? null : key.expiresAt().toString(),
                    key.revokedAt() == null ? null : key.revokedAt().toString());
        }
    }

    record ApiKeyList(List<ApiKeyView> apiKeys) {}

    /** @param secret the signing secret ({@code whsec_…}): in this answer only, never listed again */
    record RegisteredWebhook(String id, String url, String createdAt, String secret) {
        static RegisteredWebhook of(Webhooks.Registered registered) {
            WebhookEndpoint endpoint = registered.endpoint();
            return new RegisteredWebhook(endpoint.id(), endpoint.url(), endpoint.createdAt().toString(), registered.secret());
        }
    }

    /** An endpoint as listed: never its secret. */
    record WebhookView(String id, String url, String createdAt) {
        static WebhookView of(WebhookEndpoint endpoint) {
            return new WebhookView(endpoint.id(), endpoint.url(), endpoint.createdAt().toString());
        }
    }

    record WebhookList(List<WebhookView> webhooks) {}

    record DeletedWebhook(String id, boolean deleted) {}

    /** @param payload the exact body that was sent, as a string (what the signature covered) */
    record DeadLetterView(String eventId, String endpointId, String type, int attempts, String lastResult,
                          String firstAttemptAt, String failedAt, String payload) {
        static DeadLetterView of(DeadLetter letter) {
            return new DeadLetterView(letter.eventId(), letter.endpointId(), letter.type(), letter.attempts(), letter.lastResult(),
                    letter.firstAttemptAt().toString(), letter.failedAt().toString(), letter.payload());
        }
    }

    record DeadLetterList(List<DeadLetterView> deadLetters) {}
}
