package dev.otter.adapter.dynamodb;

/** The physical names of Otter's tables (CDK-generated on AWS, chosen by the local runner). */
public record TableNames(String rooms, String apiKeys, String messageBudgets) {
    public TableNames {
        requireName(rooms, "rooms");
        requireName(apiKeys, "apiKeys");
        requireName(messageBudgets, "messageBudgets");
    }

    /** {@code <prefix>rooms}, {@code <prefix>api-keys}, {@code <prefix>message-budgets}. */
    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix + "rooms", prefix + "api-keys", prefix + "message-budgets");
    }

    private static void requireName(String name, String which) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("the " + which + " table name is missing");
    }
}
