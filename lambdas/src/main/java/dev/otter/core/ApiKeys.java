package dev.otter.core;

import dev.otter.core.ApiKeyRecord.State;
import dev.otter.core.port.ApiKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/**
 * Developer API keys: {@code otr_} plus 192 random bits (base64url), shown once and stored only as their
 * SHA-256; a single hash suffices for a key with that much entropy.
 *
 * <p>The rules: only a current key (neither rotated out nor revoked) may rotate. Rotation issues a current key
 * and puts the calling key in grace for 0–86400 s, so a deployment can switch over without downtime; it also ends
 * the grace of the key the caller itself replaced, so a line of rotations keeps at most one previous key in grace.
 * Any valid key may list keys and revoke one; revocation is immediate. Revoking the last current key is refused
 * unless the caller says so explicitly, since it leaves the deployment with no key that can rotate.
 */
public final class ApiKeys {
    public static final String PREFIX = "otr_";
    public static final int MAX_GRACE_SECONDS = 86_400;
    public static final int DEFAULT_GRACE_SECONDS = 3_600;
    /** How long a revoked key's record stays listable before the table's TTL may delete it. */
    public static final Duration REVOKED_RECORD_KEPT = Duration.ofDays(1);

    private static final String ID_PREFIX = "key_";
    private static final int ID_HEX_CHARS = 20;

    private final ApiKeyStore store;
    private final Clock clock;

    public ApiKeys(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static String hash(String apiKey) {
        return Hmac.sha256Hex(apiKey);
    }

    /**
     * A key's public id, {@code key_} + 20 hex characters: a domain-separated SHA-256 of the stored hash, so that
     * keys written without an id (the first key, a hand-written recovery key) have one too, and the id gives away
     * neither the key nor its hash.
     */
    public static String id(String keyHash) {
        return ID_PREFIX + Hmac.sha256Hex("otter-api-key-id:" + keyHash).substring(0, ID_HEX_CHARS);
    }

    /** Creates and stores a key with no expiry, e.g. the first key of a deployment. Returns the key. */
    public String createKey() {
        String key = newKey();
        store.create(ApiKeyRecord.current(hash(key), now()));
        return key;
    }

    public boolean isValid(String apiKey) {
        if (apiKey == null || !apiKey.startsWith(PREFIX)) return false;
        return store.find(hash(apiKey)).map(key -> key.isValidAt(clock.instant())).orElse(false);
    }

    /**
     * Issues a new current key; {@code callingKey}, which must be current, stays valid for {@code graceSeconds}
     * more. The key the calling key replaced, if still in grace, expires now.
     *
     * @throws OtterException INVALID_FIELD for a grace outside 0–86400, FORBIDDEN if the calling key is not current
     */
    public RotatedKey rotate(String callingKey, int graceSeconds) {
        if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
            throw OtterException.invalidField("graceSeconds must be between 0 and " + MAX_GRACE_SECONDS);
        }
        Instant now = now();
        String oldHash = hash(callingKey);
        ApiKeyRecord old = store.find(oldHash).filter(key -> key.stateAt(now) == State.CURRENT)
                .orElseThrow(ApiKeys::notCurrent);
        Instant oldExpiry = now.plusSeconds(graceSeconds);
        String key = newKey();
        String newHash = hash(key);
        if (!store.rotate(new ApiKeyRecord(newHash, now, null, null, oldHash), oldHash, oldExpiry)) throw notCurrent();
        if (old.previousKeyHash() != null) store.endGrace(old.previousKeyHash(), now);
        return new RotatedKey(key, id(newHash), old.id(), oldExpiry);
    }

    /** Every stored key, oldest first, as seen now; never a key or a hash. */
    public List<KeyView> list() {
        Instant now = clock.instant();
        return store.list().stream()
                .sorted(Comparator.comparing(ApiKeyRecord::createdAt).thenComparing(ApiKeyRecord::id))
                .map(key -> KeyView.of(key, now))
                .toList();
    }

    /**
     * Revokes the key with this id at once. Revoking a revoked key changes nothing.
     *
     * @param allowNoCurrentKey whether the last current key may go, leaving no key that can rotate
     * @throws OtterException API_KEY_NOT_FOUND for an unknown id, LAST_CURRENT_KEY for the last current key
     *     without {@code allowNoCurrentKey}
     */
    public KeyView revoke(String id, boolean allowNoCurrentKey) {
        Instant now = now();
        List<ApiKeyRecord> keys = store.list();
        ApiKeyRecord target = keys.stream().filter(key -> key.id().equals(id)).findFirst()
                .orElseThrow(() -> new OtterException(Problem.API_KEY_NOT_FOUND, "no API key " + id));
        if (target.stateAt(now) == State.CURRENT && !allowNoCurrentKey
                && keys.stream().noneMatch(key -> key != target && key.stateAt(now) == State.CURRENT)) {
            throw new OtterException(Problem.LAST_CURRENT_KEY,
                    "this is the last current API key; revoke it with ?allowNoCurrentKey=true to leave none");
        }
        store.revoke(target.keyHash(), now, now.plus(REVOKED_RECORD_KEPT));
        return store.find(target.keyHash()).map(key -> KeyView.of(key, now))
                .orElseThrow(() -> new OtterException(Problem.API_KEY_NOT_FOUND, "no API key " + id));
    }

    /** Expiries are stored in whole seconds; computing in whole seconds keeps replies equal to what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static OtterException notCurrent() {
        return new OtterException(Problem.FORBIDDEN, "only a current API key may rotate (not one rotated out or revoked)");
    }

    private static String newKey() {
        return PREFIX + Ids.random(24);
    }

    public record RotatedKey(String apiKey, String id, String previousKeyId, Instant previousKeyExpiresAt) {}

    /** What may be shown about a key: never the key or its hash. {@code expiresAt}, {@code revokedAt} may be null. */
    public record KeyView(String id, Instant createdAt, State state, Instant expiresAt, Instant revokedAt) {
        static KeyView of(ApiKeyRecord key, Instant now) {
            return new KeyView(key.id(), key.createdAt(), key.stateAt(now), key.expiresAt(), key.revokedAt());
        }
    }
}
