package dev.otter.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    /**
     * The signing test vector of the Standard Webhooks reference libraries (standard-webhooks/standard-webhooks,
     * libraries/go/webhook_test.go, TestWebhookSign; the other languages' tests use the same values).
     */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void sign_matchesTheStandardWebhooksTestVector() {
        assertThat(WebhookSignature.sign(SECRET, MESSAGE_ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void headers_carryTheIdTheAttemptsEpochSecondsAndTheSignature() {
        var headers = WebhookSignature.headers(SECRET, MESSAGE_ID, Instant.ofEpochSecond(TIMESTAMP, 999_000_000), BODY);

        assertThat(headers).containsExactly(
                java.util.Map.entry("webhook-id", MESSAGE_ID),
                java.util.Map.entry("webhook-timestamp", Long.toString(TIMESTAMP)),
                java.util.Map.entry("webhook-signature", EXPECTED));
    }

    @Test
    void generatedSecret_isWhsecAnd24RandomBytesOfBase64_differentEachTime() {
        String one = WebhookSecret.generate();
        String two = WebhookSecret.generate();

        assertThat(one).startsWith("whsec_").isNotEqualTo(two);
        assertThat(Base64.getDecoder().decode(one.substring("whsec_".length()))).hasSize(24);
    }
}
