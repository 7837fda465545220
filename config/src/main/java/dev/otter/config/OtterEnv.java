package dev.otter.config;

import java.util.Set;

/**
 * The environment variables Otter's handlers read. The CDK stacks set them by these same constants,
 * and a test on each side keeps the two in step (see {@link OtterFunction}).
 */
public final class OtterEnv {
    private OtterEnv() {}

    public static final String ROOMS_TABLE = "OTTER_ROOMS_TABLE";
    public static final String API_KEYS_TABLE = "OTTER_API_KEYS_TABLE";
    /** Per-connection message counts, for the message budget of every WebSocket connection. */
    public static final String MESSAGE_BUDGETS_TABLE = "OTTER_MESSAGE_BUDGETS_TABLE";
    /** Registered webhook endpoints and the deliveries given up on (the dead-letter store). */
    public static final String WEBHOOKS_TABLE = "OTTER_WEBHOOKS_TABLE";
    /** URL of the SQS queue the handlers hand webhook events to and the sender re-queues retries on. */
    public static final String WEBHOOK_QUEUE_URL = "OTTER_WEBHOOK_QUEUE_URL";
    /** Origin of the web app, e.g. https://d111.cloudfront.net; room links are built on it. */
    public static final String WEB_APP_URL = "OTTER_WEB_APP_URL";
    /** https endpoint of the WebSocket API's management (@connections) API, stage included. */
    public static final String WS_MANAGEMENT_ENDPOINT = "OTTER_WS_MANAGEMENT_ENDPOINT";
    /** Secrets Manager ARN of the room-token signing secret (≥ 256 bits). */
    public static final String JWT_SECRET_ARN = "OTTER_JWT_SECRET_ARN";
    /** Secrets Manager ARN of coturn's static-auth-secret. */
    public static final String TURN_SECRET_ARN = "OTTER_TURN_SECRET_ARN";
    /** Host name clients use for STUN/TURN on port 3478 (the NLB's DNS name on AWS). */
    public static final String TURN_HOST = "OTTER_TURN_HOST";
    /** Optional host name for turns: on 443; unset when no certificate is configured. */
    public static final String TURN_TLS_HOST = "OTTER_TURN_TLS_HOST";
    /** Set by the Lambda runtime itself; never by the stacks. */
    public static final String AWS_REGION = "AWS_REGION";

    /** Variables a handler can run without: the TLS host is configured only with a certificate, and the region comes from the runtime. */
    public static final Set<String> OPTIONAL = Set.of(TURN_TLS_HOST, AWS_REGION);
}
