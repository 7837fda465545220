package dev.otter.core;

import dev.otter.core.port.ApiKeyStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Developer API keys: {@code otr_} plus 192 random bits (base64url), shown once and stored only as their
 * SHA-256; a single hash suffices for a key with that much entropy. Rotation keeps the old key working
 * for a grace period so a deployment can switch over without downtime.
 */
public final class ApiKeys {
    public static final String PREFIX = "otr_";
    public static final int MAX_GRACE_SECONDS = 86_400;
    public static final int DEFAULT_GRACE_SECONDS = 3_600;

    private final ApiKeyStore store;
    private final Clock clock;

    public ApiKeys(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static String hash(String apiKey) {
        return Hmac.sha256Hex(apiKey);
    }

    /** Creates and stores a key with no expiry, e.g. the first key of a deployment. Returns the key. */
    public String createKey() {
        String key = newKey();
        store.create(new ApiKeyRecord(hash(key), clock.instant(), null));
        return key;
    }

    public boolean isValid(String apiKey) {
        if (apiKey == null || !apiKey.startsWith(PREFIX)) return false;
        return store.find(hash(apiKey)).map(key -> key.isValidAt(clock.instant())).orElse(false);
    }

    /**
     * Issues a new key; {@code callingKey} stays valid for {@code graceSeconds} more (never longer than it
     * already would).
     *
     * @throws OtterException INVALID_FIELD for a grace outside 0–86400, FORBIDDEN if the calling key is not valid
     */
    public RotatedKey rotate(String callingKey, int graceSeconds) {
        if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
            throw OtterException.invalidField("graceSeconds must be between 0 and " + MAX_GRACE_SECONDS);
        }
        // Expiries are stored in whole seconds; computing in whole seconds keeps the reply equal to what is stored.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String oldHash = hash(callingKey);
        ApiKeyRecord old = store.find(oldHash).filter(key -> key.isValidAt(now))
                .orElseThrow(ApiKeys::forbidden);
        Instant oldExpiry = now.plusSeconds(graceSeconds);
        if (old.expiresAt() != null && old.expiresAt().isBefore(oldExpiry)) oldExpiry = old.expiresAt();
        String key = newKey();
        if (!store.rotate(new ApiKeyRecord(hash(key), now, null), oldHash, oldExpiry, now)) throw forbidden();
        return new RotatedKey(key, oldExpiry);
    }

    private static OtterException forbidden() {
        return new OtterException(Problem.FORBIDDEN, "the API key is not valid");
    }

    private static String newKey() {
        return PREFIX + Ids.random(24);
    }

    public record RotatedKey(String apiKey, Instant previousKeyExpiresAt) {}
}
