package dev.otter.adapter.dynamodb;

/** The physical names of Otter's tables (CDK-generated on AWS, chosen by the local runner). */
public record TableNames(String rooms, String apiKeys, String messageBudgets, String relayRevocations) {
    public TableNames {
        requireName(rooms, "rooms");
        requireName(apiKeys, "apiKeys");
        requireName(messageBudgets, "messageBudgets");
        requireName(relayRevocations, "relayRevocations");
    }

    /** {@code <prefix>rooms}, {@code <prefix>api-keys}, {@code <prefix>message-budgets}, {@code <prefix>relay-revocations}. */
    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix + "rooms", prefix + "api-keys", prefix + "message-budgets", prefix + "relay-revocations");
    }

    private static void requireName(String name, String which) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("the " + which + " table name is missing");
    }
}
